package com.wfp.platform.deployment;

import com.wfp.platform.release.InputRules;

import java.time.Duration;
import java.time.Instant;

/**
 * What happened in one step of a deployment.
 *
 * @param step      the step
 * @param startedAt when it started
 * @param endedAt   when it ended, or null while it runs
 * @param outcome   running, succeeded or failed
 * @param error     why it failed, or null
 */
public record StepRecord(DeploymentStep step, Instant startedAt, Instant endedAt, StepOutcome outcome, String error) {

    public StepRecord {
        InputRules.required("step", step);
        InputRules.required("startedAt", startedAt);
        InputRules.required("outcome", outcome);
        if ((outcome == StepOutcome.RUNNING) != (endedAt == null)) {
            throw new IllegalArgumentException("A step has an end time exactly when it is no longer running");
        }
    }

    /** A step that has just started. */
    public static StepRecord started(DeploymentStep step, Instant at) {
        return new StepRecord(step, at, null, StepOutcome.RUNNING, null);
    }

    /** This step, ended successfully. */
    public StepRecord succeeded(Instant at) {
        return new StepRecord(step, startedAt, at, StepOutcome.SUCCEEDED, null);
    }

    /** This step, ended with an error. */
    public StepRecord failed(Instant at, String why) {
        return new StepRecord(step, startedAt, at, StepOutcome.FAILED, why);
    }

    /** How long the step took, or null while it runs. */
    public Duration duration() {
        return endedAt == null ? null : Duration.between(startedAt, endedAt);
    }
}
