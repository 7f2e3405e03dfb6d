package com.wfp.adapters.local.pod;

import com.wfp.platform.pod.PodPlan;
import com.wfp.platform.pod.PodSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A user's pod plan shapes the pod's JVM and limits, survives the platform, and shows in the fleet's listing. */
class PodPlanIT {

    @TempDir
    Path dataDir;

    private final InMemoryPodLogSink logs = new InMemoryPodLogSink(1000);
    private final List<LocalPodManager> managers = new ArrayList<>();

    @AfterEach
    void stopManagers() {
        managers.forEach(LocalPodManager::close);
    }

    private LocalPodManager manager() {
        LocalPodManager manager = new LocalPodManager(PodTesting.settings(dataDir), logs);
        managers.add(manager);
        return manager;
    }

    @Test
    void setPlan_withRestart_startsThePodAgainWithItsHeapCoresAndLimits() {
        LocalPodManager pods = manager();
        long before = pods.ensureProductionPod("ada").pid();
        PodPlan plan = new PodPlan(160, 1, 3, 5);

        PodSummary after = pods.setPlan("ada", plan, true);

        assertThat(after.pid()).isPositive().isNotEqualTo(before);
        assertThat(after.state()).isEqualTo(PodStatus.READY);
        assertThat(after.plan()).isEqualTo(plan);
        assertThat(after.planPending()).isFalse();
        assertThat(commandLine(after.pid())).contains("-Xmx160m", "-XX:ActiveProcessorCount=1",
                "--max-concurrency=3", "--queue-size=5");
    }

    @Test
    void setPlan_withoutRestart_leavesTheRunningPodAndSaysThePlanIsPending() {
        LocalPodManager pods = manager();
        long pid = pods.ensureProductionPod("ada").pid();

        PodSummary summary = pods.setPlan("ada", new PodPlan(192, 1, 4, 4), false);

        assertThat(summary.pid()).isEqualTo(pid);
        assertThat(summary.planPending()).isTrue();
        assertThat(commandLine(pid)).doesNotContain("-Xmx192m");
    }

    @Test
    void plan_afterThePlatformRestarts_isStillTheUsersAndStartsTheirPod() {
        LocalPodManager first = manager();
        PodPlan plan = new PodPlan(176, 1, 2, 0);
        first.setPlan("grace", plan, false);
        first.close();

        LocalPodManager second = manager();
        long pid = second.ensureProductionPod("grace").pid();

        assertThat(second.plan("grace")).isEqualTo(plan);
        assertThat(second.plan("someone-else")).isEqualTo(PodTesting.settings(dataDir).defaultPlan());
        assertThat(commandLine(pid)).contains("-Xmx176m", "--max-concurrency=2", "--queue-size=0");
    }

    @Test
    void pods_listsEveryPodWithItsMemoryLoadAndPlan_andStartsNone() {
        LocalPodManager pods = manager();
        pods.ensureProductionPod("ada");
        pods.setPlan("bob", new PodPlan(128, 1, 1, 1), false);

        List<PodSummary> fleet = pods.pods();

        assertThat(fleet).extracting(PodSummary::user, PodSummary::kind)
                .contains(org.assertj.core.groups.Tuple.tuple("ada", "production"));
        PodSummary ada = fleet.stream().filter(p -> p.user().equals("ada")).findFirst().orElseThrow();
        assertThat(ada.state()).isEqualTo(PodStatus.READY);
        assertThat(ada.memoryBytes()).isGreaterThan(10L << 20);
        assertThat(ada.inFlight()).isZero();
        assertThat(ada.queued()).isZero();
        assertThat(fleet).filteredOn(p -> p.user().equals("bob")).allSatisfy(bob -> {
            assertThat(bob.state()).isEqualTo(PodStatus.STOPPED);
            assertThat(bob.pid()).isEqualTo(-1);
            assertThat(bob.plan()).isEqualTo(new PodPlan(128, 1, 1, 1));
        });
    }

    private static String commandLine(long pid) {
        return ProcessHandle.of(pid).flatMap(handle -> handle.info().commandLine()).orElse("");
    }
}
