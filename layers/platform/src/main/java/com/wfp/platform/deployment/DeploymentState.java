package com.wfp.platform.deployment;

/** Where a deployment is in its life: running, or finished one way or the other. */
public enum DeploymentState {
    RUNNING, SUCCEEDED, FAILED;

    /** True for SUCCEEDED and FAILED: a finished deployment never changes again. */
    public boolean isFinished() {
        return this != RUNNING;
    }
}
