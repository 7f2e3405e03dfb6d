package com.wfp.workflow.engine;

/** Outcome of one node within an execution. */
public enum NodeStatus {
    SUCCEEDED, FAILED, TIMED_OUT, SKIPPED
}
