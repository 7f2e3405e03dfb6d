package com.wfp.platform.deployment;

/**
 * The steps of a publish, in the order they run. {@link #DONE} is reached only when every other
 * step succeeded.
 */
public enum DeploymentStep {
    /** The definition has no validation errors. */
    VALIDATE,
    /** The immutable release is written. */
    SNAPSHOT,
    /** The user's production pod is running. */
    ENSURE_POD,
    /** The pod holds the release and confirmed its sha256. */
    LOAD,
    /** The pod is healthy and the trigger's example (when present) answers 2xx. */
    HEALTH_CHECK,
    /** Traffic is routed by the chosen strategy, atomically with the deployment's success. */
    ROUTE,
    /** Finished. */
    DONE;

    /** The step after this one; DONE after DONE. */
    public DeploymentStep next() {
        DeploymentStep[] all = values();
        return this == DONE ? DONE : all[ordinal() + 1];
    }

    /** The steps that do work, VALIDATE to ROUTE. */
    public static java.util.List<DeploymentStep> workingSteps() {
        return java.util.List.of(VALIDATE, SNAPSHOT, ENSURE_POD, LOAD, HEALTH_CHECK, ROUTE);
    }
}
