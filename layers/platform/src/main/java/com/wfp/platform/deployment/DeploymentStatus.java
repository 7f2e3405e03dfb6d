package com.wfp.platform.deployment;

import java.time.Duration;
import java.time.Instant;

/**
 * What a client polling a publish sees.
 *
 * @param deployment  the deployment with its step records
 * @param percentDone share of the working steps finished, 0 to 100 (100 once succeeded)
 * @param currentStep the step running now, the failed step, or DONE
 * @param etaMs       estimated milliseconds until done: the recent mean durations of the steps
 *                    still to run, less the time the running step has already taken; 0 once finished
 */
public record DeploymentStatus(Deployment deployment, int percentDone, DeploymentStep currentStep, long etaMs) {

    /** The status of {@code deployment} at {@code now}, estimating with {@code durations}. */
    public static DeploymentStatus of(Deployment deployment, StepDurations durations, Instant now) {
        int total = DeploymentStep.workingSteps().size();
        long succeeded = deployment.steps().stream().filter(s -> s.outcome() == StepOutcome.SUCCEEDED).count();
        int percent = deployment.state() == DeploymentState.SUCCEEDED ? 100 : (int) (succeeded * 100 / total);
        long eta = 0;
        if (!deployment.isFinished()) {
            for (DeploymentStep step : DeploymentStep.workingSteps()) {
                StepRecord record = deployment.steps().stream().filter(s -> s.step() == step).reduce((a, b) -> b).orElse(null);
                if (record == null) {
                    eta += durations.meanMs(step);
                } else if (record.outcome() == StepOutcome.RUNNING) {
                    long elapsed = Math.max(0, Duration.between(record.startedAt(), now).toMillis());
                    eta += Math.max(0, durations.meanMs(step) - elapsed);
                }
            }
        }
        return new DeploymentStatus(deployment, percent, deployment.currentStep(), eta);
    }
}
