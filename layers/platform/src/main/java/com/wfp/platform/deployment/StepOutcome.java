package com.wfp.platform.deployment;

/** The outcome of one deployment step. */
public enum StepOutcome {
    /** Started, not yet ended. */
    RUNNING,
    SUCCEEDED,
    FAILED
}
