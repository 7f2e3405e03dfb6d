package com.wfp.platform.telemetry;

import java.util.List;

/**
 * What the telemetry writer hands its store at once.
 *
 * @param executions finished executions, each with its failure when it failed
 * @param callers    which caller made an execution, learned at the gateway apart from the
 *                   execution itself (the store joins them on release and execution id)
 * @param minutes    partial minute metrics, added to what the store holds for the same release
 *                   and minute
 */
public record TelemetryBatch(List<ExecutionRecord> executions, List<Caller> callers, List<MinuteMetrics> minutes) {

    /**
     * The caller of one execution.
     *
     * @param keyId the API key id, or {@code anonymous}
     */
    public record Caller(com.wfp.platform.release.ReleaseId releaseId, String executionId, String keyId,
                         java.time.Instant at) {
    }

    public TelemetryBatch {
        executions = List.copyOf(executions);
        callers = List.copyOf(callers);
        minutes = List.copyOf(minutes);
    }

    public boolean isEmpty() {
        return executions.isEmpty() && callers.isEmpty() && minutes.isEmpty();
    }
}
