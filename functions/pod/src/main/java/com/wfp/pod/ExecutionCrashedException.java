package com.wfp.pod;

import com.wfp.workflow.error.DomainException;

/**
 * 500 {@code pod.execution-crashed}: the engine itself failed on one execution (a fault of the pod, not of
 * the workflow). Carries the release, so the error edge writes its {@code pod.error} line once, naming it.
 */
final class ExecutionCrashedException extends DomainException {

    private final String releaseId;

    ExecutionCrashedException(String executionId, String releaseId, RuntimeException crash) {
        super("pod.execution-crashed", 500, "Execution " + executionId + " of release " + releaseId
                        + " failed inside the engine",
                "Retry the request; the pod.error log line of this execution id has the details.", crash);
        this.releaseId = releaseId;
    }

    String releaseId() {
        return releaseId;
    }
}
