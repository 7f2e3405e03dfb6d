package com.wfp.workflow.engine;

import java.time.Instant;
import java.util.List;

/**
 * The trace of one execution, written to logs and telemetry.
 *
 * @param executionId    the execution
 * @param releaseId      the release that ran
 * @param workflowId     the workflow id
 * @param version        the release's version name
 * @param status         how it ended
 * @param shadow         whether it was a mirrored (shadow) execution
 * @param startedAt      when it started
 * @param durationMicros total time
 * @param nodes          per-node traces, in the order nodes finished
 * @param error          the error that ended it, when it failed; null otherwise
 */
public record ExecutionTrace(String executionId, String releaseId, String workflowId, String version,
                             ExecutionStatus status, boolean shadow, Instant startedAt, long durationMicros,
                             List<NodeTrace> nodes, ErrorInfo error) {

    public ExecutionTrace {
        nodes = List.copyOf(nodes);
    }
}
