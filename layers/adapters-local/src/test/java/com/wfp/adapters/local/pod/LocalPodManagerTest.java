package com.wfp.adapters.local.pod;

import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the manager refuses or answers without launching any process. */
class LocalPodManagerTest {

    @TempDir
    Path dataDir;

    private LocalPodManager pods;

    @BeforeEach
    void createManager() {
        pods = new LocalPodManager(PodTesting.settings(dataDir), new InMemoryPodLogSink(10));
    }

    @AfterEach
    void closeManager() {
        pods.close();
    }

    @Test
    void ensurePod_withAUserIdThatCannotNameAPod_isRefused() {
        for (String user : new String[] {"", "../etc", "a/b", ".hidden", "x".repeat(129)}) {
            assertThatThrownBy(() -> pods.ensureProductionPod(user))
                    .isInstanceOfSatisfying(DomainException.class, e -> {
                        assertThat(e.code()).isEqualTo("pod.invalid-user");
                        assertThat(e.httpStatus()).isEqualTo(400);
                    });
        }
        assertThat(ProcessHandle.current().children().count()).isZero();
    }

    @Test
    void load_withADefinitionThatIsNotAJsonObject_isRefusedBeforeAnyPodStarts() {
        assertThatThrownBy(() -> pods.load("ada", "rel-1", "hello", "1.0.0", "{\"format\":"))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.code()).isEqualTo("pod.invalid-definition"));
        assertThatThrownBy(() -> pods.load("ada", "rel-1", "hello", "1.0.0", "[1,2]"))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.code()).isEqualTo("pod.invalid-definition"));
        assertThatThrownBy(() -> pods.load("ada", "rel/1", "hello", "1.0.0", PodTesting.HELLO_WORKFLOW))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.code()).isEqualTo("pod.invalid-release-id"));
        assertThat(pods.status("ada").status()).isEqualTo(PodStatus.STOPPED);
        assertThat(ProcessHandle.current().children().count()).isZero();
    }

    @Test
    void health_ofAUserWithoutPod_reportsStoppedWithoutStartingOne() {
        PodStatus health = pods.status("ada");

        assertThat(health.status()).isEqualTo(PodStatus.STOPPED);
        assertThat(health.pid()).isEqualTo(-1);
        assertThat(health.releases()).isEmpty();
        assertThat(ProcessHandle.current().children().count()).isZero();
    }

    @Test
    void stop_ofAPodSavedByAnEarlierRun_keepsRestoreAllFromStartingIt() {
        PodKey key = new PodKey("ada", PodKind.PRODUCTION);
        new PodStateStore(dataDir).write(key, new PodState("ada", "production", "t".repeat(43), false, -1, 0,
                java.util.List.of(), null));

        pods.stop("ada");
        RestoreReport report = pods.restoreAll();

        assertThat(report.restored()).isEmpty();
        assertThat(report.failures()).isEmpty();
        assertThat(new PodStateStore(dataDir).read(key)).hasValueSatisfying(state -> assertThat(state.stopped()).isTrue());
        assertThat(ProcessHandle.current().children().count()).isZero();
    }

    @Test
    void endpoint_toString_keepsTheTokenOut() {
        RunningPod endpoint = new RunningPod("ada", "http://127.0.0.1:1", "s3cret-token", 1, "production", null);

        assertThat(endpoint.toString()).doesNotContain("s3cret-token").contains("ada");
    }
}
