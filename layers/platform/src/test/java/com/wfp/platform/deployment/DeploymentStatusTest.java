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
        assertThat(durations.meanMs(DeploymentStep.LOAD)).isEqualTo(StepDurations.DEFAULT_MEANS_MS.get(DeploymentStep.LOAD));

        durations.record(DeploymentStep.LOAD, Duration.ofMillis(100));
        durations.record(DeploymentStep.LOAD, Duration.ofMillis(300));
        assertThat(durations.meanMs(DeploymentStep.LOAD)).isEqualTo(200);

        for (int i = 0; i < StepDurations.WINDOW; i++) {
            durations.record(DeploymentStep.LOAD, Duration.ofMillis(50));
        }
        assertThat(durations.meanMs(DeploymentStep.LOAD)).isEqualTo(50);
    }

    @Test
    void of_whileRunning_estimatesTheRemainingStepsLessTheTimeTheCurrentOneTook() {
        StepDurations durations = new StepDurations();
        for (DeploymentStep step : DeploymentStep.workingSteps()) {
            durations.record(step, Duration.ofMillis(100));
        }
        Deployment atLoad = started()
                .stepStarted(DeploymentStep.VALIDATE, T).stepSucceeded(T.plusMillis(100))
                .stepStarted(DeploymentStep.SNAPSHOT, T.plusMillis(100)).stepSucceeded(T.plusMillis(200))
                .stepStarted(DeploymentStep.ENSURE_POD, T.plusMillis(200)).stepSucceeded(T.plusMillis(300))
                .stepStarted(DeploymentStep.LOAD, T.plusMillis(300));

        DeploymentStatus status = DeploymentStatus.of(atLoad, durations, T.plusMillis(340));

        assertThat(status.percentDone()).isEqualTo(50);
        assertThat(status.currentStep()).isEqualTo(DeploymentStep.LOAD);
        assertThat(status.etaMs()).isEqualTo(60 + 100 + 100);
        assertThat(DeploymentStatus.of(atLoad, durations, T.plusMillis(900)).etaMs()).isEqualTo(200);
    }

    @Test
    void of_whenFinished_hasNoEta() {
        StepDurations durations = new StepDurations();
        Deployment done = started().succeeded();
        Deployment failed = started().stepStarted(DeploymentStep.VALIDATE, T)
                .failed(new DeploymentFailure(DeploymentStep.VALIDATE, "x", "broken", "fix", null), T.plusMillis(3));

        assertThat(DeploymentStatus.of(done, durations, T).percentDone()).isEqualTo(100);
        assertThat(DeploymentStatus.of(done, durations, T).etaMs()).isZero();
        assertThat(DeploymentStatus.of(failed, durations, T).percentDone()).isZero();
        assertThat(DeploymentStatus.of(failed, durations, T).etaMs()).isZero();
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
