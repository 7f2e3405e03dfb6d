package com.wfp.platform.deployment;

import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentStatusTest {

    private static final Instant T = Instant.parse("2026-01-15T10:00:00Z");
    private static final WorkflowRef REF = new WorkflowRef("alice", "shop", "orders");

    private static Deployment started() {
        return Deployment.start(DeploymentId.newId(), REF, "v1.0.0", PublishStrategy.ALL, "alice", T, null);
    }

    @Test
    void stepDurations_averageTheRecentRunsAndStartFromDefaults() {
        StepDurations durations = new StepDurations();
        assertThat(durations.meanMs(PodStart.WARM, DeploymentStep.LOAD))
                .isEqualTo(StepDurations.WARM_DEFAULTS_MS.get(DeploymentStep.LOAD));

        durations.record(PodStart.WARM, DeploymentStep.LOAD, Duration.ofMillis(100));
        durations.record(PodStart.WARM, DeploymentStep.LOAD, Duration.ofMillis(300));
        assertThat(durations.meanMs(PodStart.WARM, DeploymentStep.LOAD)).isEqualTo(200);

        for (int i = 0; i < StepDurations.WINDOW; i++) {
            durations.record(PodStart.WARM, DeploymentStep.LOAD, Duration.ofMillis(50));
        }
        assertThat(durations.meanMs(PodStart.WARM, DeploymentStep.LOAD)).isEqualTo(50);
        assertThat(durations.samples(PodStart.WARM, DeploymentStep.LOAD)).isEqualTo(StepDurations.WINDOW);
    }

    @Test
    void stepDurations_keepColdAndWarmPodStartsApart() {
        StepDurations durations = new StepDurations();
        durations.record(PodStart.COLD, DeploymentStep.ENSURE_POD, Duration.ofMillis(550));
        durations.record(PodStart.WARM, DeploymentStep.ENSURE_POD, Duration.ofMillis(2));
        durations.record(PodStart.WARM, DeploymentStep.VALIDATE, Duration.ofMillis(8));

        assertThat(durations.meanMs(PodStart.COLD, DeploymentStep.ENSURE_POD)).isEqualTo(550);
        assertThat(durations.meanMs(PodStart.WARM, DeploymentStep.ENSURE_POD)).isEqualTo(2);
        assertThat(durations.meanMs(PodStart.COLD, DeploymentStep.VALIDATE)).as("validation does not depend on the pod")
                .isEqualTo(8);
        assertThat(durations.meanMs(PodStart.COLD, DeploymentStep.LOAD)).as("a pod step without runs of its kind")
                .isEqualTo(StepDurations.COLD_DEFAULTS_MS.get(DeploymentStep.LOAD));
    }

    @Test
    void of_whileRunning_estimatesTheRemainingStepsLessTheTimeTheCurrentOneTook() {
        StepDurations durations = new StepDurations();
        for (DeploymentStep step : DeploymentStep.workingSteps()) {
            durations.record(PodStart.WARM, step, Duration.ofMillis(100));
        }
        Deployment atLoad = started()
                .stepStarted(DeploymentStep.VALIDATE, T).stepSucceeded(T.plusMillis(100))
                .stepStarted(DeploymentStep.SNAPSHOT, T.plusMillis(100)).stepSucceeded(T.plusMillis(200))
                .stepStarted(DeploymentStep.ENSURE_POD, T.plusMillis(200)).stepSucceeded(T.plusMillis(300))
                .stepStarted(DeploymentStep.LOAD, T.plusMillis(300));

        DeploymentStatus status = DeploymentStatus.of(atLoad, durations, PodStart.WARM, T.plusMillis(340));

        assertThat(status.currentStep()).isEqualTo(DeploymentStep.LOAD);
        assertThat(status.etaMs()).isEqualTo(60 + 100 + 100);
        assertThat(status.percentDone()).as("340 ms spent of 600 expected").isEqualTo(56);
        assertThat(status.podStart()).isEqualTo(PodStart.WARM);
        DeploymentStatus late = DeploymentStatus.of(atLoad, durations, PodStart.WARM, T.plusMillis(900));
        assertThat(late.etaMs()).isEqualTo(200);
        assertThat(late.percentDone()).isEqualTo(81);
    }

    @Test
    void of_whileRunning_neverSays100Percent() {
        StepDurations durations = new StepDurations();
        for (DeploymentStep step : DeploymentStep.workingSteps()) {
            durations.record(PodStart.WARM, step, Duration.ZERO);
        }
        Deployment atRoute = started().stepStarted(DeploymentStep.VALIDATE, T).stepSucceeded(T.plusMillis(10))
                .stepStarted(DeploymentStep.ROUTE, T.plusMillis(10));

        assertThat(DeploymentStatus.of(atRoute, durations, PodStart.WARM, T.plusMillis(500)).percentDone()).isEqualTo(99);
    }

    @Test
    void of_whenFinished_hasNoEta() {
        StepDurations durations = new StepDurations();
        Deployment done = started().succeeded();
        Deployment failed = started().stepStarted(DeploymentStep.VALIDATE, T)
                .failed(new DeploymentFailure(DeploymentStep.VALIDATE, "x", "broken", "fix", null), T.plusMillis(3));

        assertThat(DeploymentStatus.of(done, durations, PodStart.COLD, T).percentDone()).isEqualTo(100);
        assertThat(DeploymentStatus.of(done, durations, PodStart.COLD, T).etaMs()).isZero();
        assertThat(DeploymentStatus.of(failed, durations, PodStart.COLD, T).percentDone()).isZero();
        assertThat(DeploymentStatus.of(failed, durations, PodStart.COLD, T).etaMs()).isZero();
        assertThat(failed.steps().getFirst().error()).isEqualTo("broken");
        assertThat(failed.steps().getFirst().duration()).isEqualTo(Duration.ofMillis(3));
    }

    @Test
    void publishStrategy_parsesItsTextFormsAndBoundsTheCanary() {
        assertThat(PublishStrategy.parse("all")).isEqualTo(PublishStrategy.ALL);
        assertThat(PublishStrategy.parse("Staged")).isEqualTo(PublishStrategy.STAGED);
        assertThat(PublishStrategy.parse("canary:15")).isEqualTo(PublishStrategy.canary(15));
        assertThat(PublishStrategy.canary(15).text()).isEqualTo("canary:15");
        for (String bad : new String[]{"canary:0", "canary:100", "canary:x", "blue-green"}) {
            assertThatThrownBy(() -> PublishStrategy.parse(bad)).as(bad)
                    .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("publish.invalid-strategy"));
        }
    }

    @Test
    void deployment_rejectsABlankOrHugeIdempotencyKey() {
        assertThatThrownBy(() -> Deployment.start(DeploymentId.newId(), REF, "v1", PublishStrategy.ALL, "alice", T, " "))
                .isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> Deployment.start(DeploymentId.newId(), REF, "v1", PublishStrategy.ALL, "alice", T, "k".repeat(201)))
                .isInstanceOf(DomainException.class);
    }
}
