package com.wfp.workflow.engine;

/** Outcome of one execution. */
public enum ExecutionStatus {
    /** A respond node answered. */
    SUCCEEDED,
    /** A node failed without an error branch, or a fail node was reached. */
    FAILED,
    /** The workflow-level timeout elapsed. */
    TIMED_OUT,
    /** The input did not match the trigger's inputSchema (answered 400 before any node ran). */
    REJECTED
}
