package com.wfp.platform.deployment;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One publish attempt and its progress, step by step. Running deployments change; finished ones
 * (SUCCEEDED or FAILED) never change again.
 *
 * @param id             unique id
 * @param ref            the workflow being published
 * @param releaseId      the release, once the SNAPSHOT step has created it; otherwise null
 * @param versionName    the version name asked for
 * @param strategy       how the release will receive traffic
 * @param state          running, succeeded or failed
 * @param currentStep    the step running now, the failed step, or DONE
 * @param steps          one record per step started, in order
 * @param createdBy      the publisher
 * @param createdAt      when the publish was asked for
 * @param idempotencyKey the client's key for retries, or null; the same key from the same user
 *                       returns this deployment instead of starting another
 * @param failure        why it failed, or null
 */
public record Deployment(DeploymentId id, WorkflowRef ref, ReleaseId releaseId, String versionName,
                         PublishStrategy strategy, DeploymentState state, DeploymentStep currentStep,
                         List<StepRecord> steps, String createdBy, Instant createdAt, String idempotencyKey,
                         DeploymentFailure failure) {

    /** Longest idempotency key accepted. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    public Deployment {
        InputRules.required("deployment id", id);
        InputRules.required("workflow", ref);
        InputRules.versionName(versionName);
        InputRules.required("strategy", strategy);
        InputRules.required("state", state);
        InputRules.required("current step", currentStep);
        steps = List.copyOf(InputRules.required("steps", steps));
        InputRules.userId("createdBy", createdBy);
        InputRules.required("createdAt", createdAt);
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw com.wfp.workflow.error.DomainException.badRequest("input.invalid-idempotency-key",
                    "An idempotency key is 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " non-blank characters",
                    "Send a short unique value, such as a UUID, and reuse it only to retry the same publish.");
        }
        if ((state == DeploymentState.FAILED) != (failure != null)) {
            throw new IllegalArgumentException("A deployment has a failure exactly when it failed");
        }
    }

    /** A deployment that has just been asked for: running, at VALIDATE, no step started. */
    public static Deployment start(DeploymentId id, WorkflowRef ref, String versionName, PublishStrategy strategy,
                                   String createdBy, Instant createdAt, String idempotencyKey) {
        return new Deployment(id, ref, null, versionName, strategy, DeploymentState.RUNNING, DeploymentStep.VALIDATE,
                List.of(), createdBy, createdAt, idempotencyKey, null);
    }

    /** This deployment with {@code step} started at {@code at}. */
    public Deployment stepStarted(DeploymentStep step, Instant at) {
        List<StepRecord> next = new ArrayList<>(steps);
        next.add(StepRecord.started(step, at));
        return new Deployment(id, ref, releaseId, versionName, strategy, state, step, next, createdBy, createdAt,
                idempotencyKey, failure);
    }

    /** This deployment with its running step ended successfully. */
    public Deployment stepSucceeded(Instant at) {
        return withLastStep(lastStep().succeeded(at));
    }

    /** This deployment with the release the SNAPSHOT step created. */
    public Deployment withRelease(ReleaseId release) {
        return new Deployment(id, ref, release, versionName, strategy, state, currentStep, steps, createdBy, createdAt,
                idempotencyKey, failure);
    }

    /** This deployment finished successfully: state SUCCEEDED at DONE. */
    public Deployment succeeded() {
        return new Deployment(id, ref, releaseId, versionName, strategy, DeploymentState.SUCCEEDED, DeploymentStep.DONE,
                steps, createdBy, createdAt, idempotencyKey, null);
    }

    /**
     * This deployment failed: the running step (if any) ends as failed with the failure's message,
     * the state becomes FAILED and the current step stays the failed one.
     */
    public Deployment failed(DeploymentFailure why, Instant at) {
        List<StepRecord> next = new ArrayList<>(steps);
        if (!next.isEmpty() && next.getLast().outcome() == StepOutcome.RUNNING) {
            next.set(next.size() - 1, next.getLast().failed(at, why.message()));
        }
        return new Deployment(id, ref, releaseId, versionName, strategy, DeploymentState.FAILED, why.step(), next,
                createdBy, createdAt, idempotencyKey, why);
    }

    /** True once SUCCEEDED or FAILED. */
    @JsonIgnore
    public boolean isFinished() {
        return state.isFinished();
    }

    private StepRecord lastStep() {
        if (steps.isEmpty()) {
            throw new IllegalStateException("No step has started");
        }
        return steps.getLast();
    }

    private Deployment withLastStep(StepRecord last) {
        List<StepRecord> next = new ArrayList<>(steps);
        next.set(next.size() - 1, last);
        return new Deployment(id, ref, releaseId, versionName, strategy, state, currentStep, next, createdBy, createdAt,
                idempotencyKey, failure);
    }
}
