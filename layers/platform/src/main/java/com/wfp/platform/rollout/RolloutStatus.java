package com.wfp.platform.rollout;

/** Where a progressive rollout stands. */
public enum RolloutStatus {
    /** Moving through its steps; the guard held at the last check. */
    RUNNING,
    /** Holding its step: too few requests reached the candidate to judge it. */
    PAUSED,
    /** The candidate takes 100%. */
    COMPLETED,
    /** A guard threshold was crossed and all traffic went back to the previous release. */
    ROLLED_BACK,
    /** Stopped without a verdict: cancelled, or the routing was changed by someone else. */
    ABORTED;

    /** True while ticks still act on the rollout. */
    public boolean active() {
        return this == RUNNING || this == PAUSED;
    }
}
