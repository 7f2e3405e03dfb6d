package com.wfp.platform.port;

import com.wfp.platform.release.ReleaseId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link PodManager} does, whatever runs the pods (child processes locally, Fargate
 * services on AWS): ensuring is idempotent, a loaded release is confirmed and held, unloading drops
 * it, and a stopped pod starts again when ensured. Each adapter's test extends it.
 */
public abstract class PodManagerContract {

    protected static final ReleaseId RELEASE = new ReleaseId("rel-0123456789abcdef01234567");
    protected static final String HELLO = """
            {"format":1,"id":"hello","nodes":[
              {"id":"in","type":"trigger.http","config":{"method":"POST","auth":"apiKey"}},
              {"id":"out","type":"respond","config":{"status":200,"body":"{'hello': input.name}"}}],
             "edges":[{"from":"in","to":"out"}]}""";

    /** The manager under test, fresh for each test. */
    protected abstract PodManager pods();

    /** The user whose pod the test runs. */
    protected abstract String user();

    @Test
    void ensurePod_calledTwice_answersTheSameEndpoint() {
        PodEndpoint first = pods().ensurePod(user());

        assertThat(pods().ensurePod(user())).isEqualTo(first);
    }

    @Test
    void load_intoTheEnsuredPod_isConfirmedAndHeld() {
        pods().ensurePod(user());

        String sha256 = pods().load(user(), RELEASE, "hello", "v1.0.0", HELLO);

        assertThat(sha256).matches("[0-9a-f]{64}");
        PodHealth health = pods().health(user());
        assertThat(health.healthy()).as(health.detail()).isTrue();
        assertThat(health.loaded()).contains(RELEASE);
    }

    @Test
    void unload_ofALoadedRelease_dropsItAndOfAnUnknownOneChangesNothing() {
        pods().ensurePod(user());
        pods().load(user(), RELEASE, "hello", "v1.0.0", HELLO);

        pods().unload(user(), RELEASE);
        pods().unload(user(), new ReleaseId("rel-fedcba9876543210fedcba98"));

        assertThat(pods().health(user()).loaded()).doesNotContain(RELEASE);
        assertThat(pods().health(user()).healthy()).isTrue();
    }

    @Test
    void stop_thenEnsure_startsThePodAgain() {
        pods().ensurePod(user());

        pods().stop(user());
        assertThat(awaitHealthy(false)).as("stopped").isFalse();
        pods().ensurePod(user());

        assertThat(pods().health(user()).healthy()).isTrue();
    }

    /** Health after a stop may lag a moment (a task draining); waits up to 10 s for {@code wanted}. */
    private boolean awaitHealthy(boolean wanted) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        boolean healthy = pods().health(user()).healthy();
        while (healthy != wanted && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            healthy = pods().health(user()).healthy();
        }
        return healthy;
    }
}
