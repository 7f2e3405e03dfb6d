package com.wfp.platform.deployment;

import java.time.Duration;
import java.time.Instant;

/**
 * What a client following a publish sees.
 *
 * @param deployment  the deployment with its step records
 * @param percentDone share of the expected time already spent, 0 to 100: the time the finished
 *                    steps took and the running one has taken, over that plus {@code etaMs}; at
 *                    most 99 while running, 100 once succeeded
 * @param currentStep the step running now, the failed step, or DONE
 * @param etaMs       estimated milliseconds until done: for each step still to run, the mean of its
 *                    recent measured durations for this kind of pod start; for the running step, that
 *                    mean less the time it has taken (never below 0); 0 once finished
 * @param podStart    whether the publish found the user's pod running (warm) or starts it (cold);
 *                    cold when it is not known
 */
public record DeploymentStatus(Deployment deployment, int percentDone, DeploymentStep currentStep, long etaMs,
                               PodStart podStart) {

    /** The status of {@code deployment} at {@code now}, estimating with {@code durations} for {@code podStart}. */
    public static DeploymentStatus of(Deployment deployment, StepDurations durations, PodStart podStart, Instant now) {
        long eta = 0;
        long spent = 0;
        for (StepRecord record : deployment.steps()) {
            spent += record.endedAt() == null ? Math.max(0, Duration.between(record.startedAt(), now).toMillis())
                    : record.duration().toMillis();
        }
        if (!deployment.isFinished()) {
            for (DeploymentStep step : DeploymentStep.workingSteps()) {
                StepRecord record = deployment.steps().stream().filter(s -> s.step() == step).reduce((a, b) -> b).orElse(null);
                if (record == null) {
                    eta += durations.meanMs(podStart, step);
                } else if (record.outcome() == StepOutcome.RUNNING) {
                    long elapsed = Math.max(0, Duration.between(record.startedAt(), now).toMillis());
                    eta += Math.max(0, durations.meanMs(podStart, step) - elapsed);
                }
            }
        }
        int percent;
        if (deployment.state() == DeploymentState.SUCCEEDED) {
            percent = 100;
        } else if (deployment.isFinished()) {
            long succeeded = deployment.steps().stream().filter(s -> s.outcome() == StepOutcome.SUCCEEDED).count();
            percent = (int) (succeeded * 100 / DeploymentStep.workingSteps().size());
        } else {
            percent = spent + eta == 0 ? 0 : (int) Math.min(99, spent * 100 / (spent + eta));
        }
        return new DeploymentStatus(deployment, percent, deployment.currentStep(), eta, podStart);
    }
}
