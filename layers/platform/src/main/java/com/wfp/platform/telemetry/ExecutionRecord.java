package com.wfp.platform.telemetry;

import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.engine.ExecutionStatus;

import java.time.Instant;
import java.util.List;

/**
 * One production execution as telemetry keeps it.
 *
 * @param executionId    the execution's id, as the caller saw it in {@code X-Execution-Id}
 * @param ref            the workflow
 * @param releaseId      the release that ran it
 * @param version        that release's version name
 * @param startedAt      when it started
 * @param status         how it ended
 * @param httpStatus     the status the workflow answered with
 * @param durationMicros how long it ran in the pod
 * @param callerKeyId    the API key id of the caller, {@code anonymous} for an open workflow, or
 *                       null when not known (yet)
 * @param shadow         whether it was a mirrored copy whose answer was discarded
 * @param nodes          per-node timings, in the order the nodes finished
 * @param failure        what went wrong, for FAILED and TIMED_OUT executions; null otherwise
 */
public record ExecutionRecord(String executionId, WorkflowRef ref, ReleaseId releaseId, String version,
                              Instant startedAt, ExecutionStatus status, int httpStatus, long durationMicros,
                              String callerKeyId, boolean shadow, List<NodeTiming> nodes, ExecutionFailure failure) {

    public ExecutionRecord {
        InputRules.required("execution id", executionId);
        InputRules.required("workflow", ref);
        InputRules.required("release id", releaseId);
        InputRules.required("started at", startedAt);
        InputRules.required("status", status);
        version = version == null ? "" : version;
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    /** Whether the execution counts as an error: it failed or timed out (a rejected input does not). */
    public boolean failed() {
        return status == ExecutionStatus.FAILED || status == ExecutionStatus.TIMED_OUT;
    }

    /** The error group this execution's failure belongs to, or null when it did not fail. */
    public ErrorFingerprint fingerprint() {
        return failure == null ? null : ErrorFingerprint.of(ref, failure.nodeId(), failure.code(), failure.message());
    }

    /** The same record with the caller's key id. */
    public ExecutionRecord withCaller(String keyId) {
        return new ExecutionRecord(executionId, ref, releaseId, version, startedAt, status, httpStatus, durationMicros,
                keyId, shadow, nodes, failure);
    }
}
