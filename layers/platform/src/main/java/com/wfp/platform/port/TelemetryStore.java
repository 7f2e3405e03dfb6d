package com.wfp.platform.port;

import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.telemetry.ErrorGroup;
import com.wfp.platform.telemetry.ExecutionQuery;
import com.wfp.platform.telemetry.ExecutionRecord;
import com.wfp.platform.telemetry.MinuteMetrics;
import com.wfp.platform.telemetry.TelemetryBatch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: where production telemetry is kept and read back: every execution with its per-node
 * timings and, for failures, the masked error and input; error groups by fingerprint; per-minute
 * metrics per release. The local adapter is a SQLite file of its own (WAL, full-text search over
 * failures); the AWS one is CloudWatch Logs and metrics.
 *
 * <p>Nobody on the production path calls a store directly: the {@code TelemetryBuffer} does, from
 * its own thread, so a slow or failing store costs drops, never a production call.
 */
public interface TelemetryStore extends AutoCloseable {

    /**
     * Stores a batch in one go. An execution recorded again under the same release and execution
     * id replaces the earlier record (keeping a caller already known) and is not counted twice in
     * its error group; a failure counts in the group of its fingerprint, which is created at its
     * first occurrence; minute metrics add to what the store holds for the same release and
     * minute.
     *
     * @throws com.wfp.workflow.error.DomainException 503 {@code store.unavailable} when it cannot
     *         be written (nothing of the batch is then stored)
     */
    void ingest(TelemetryBatch batch);

    /** The executions the query asks for, newest first; only executions whose end was recorded. */
    List<ExecutionRecord> executions(ExecutionQuery query);

    /** The execution with this id, or empty. Ids chosen by callers may repeat: the newest one then. */
    Optional<ExecutionRecord> execution(String executionId);

    /** The workflow's error groups seen at or after {@code since}, the most recently seen first. */
    List<ErrorGroup> errorGroups(WorkflowRef ref, Instant since);

    /** The workflow's minute metrics in {@code [from, to)}, every release, oldest minute first. */
    List<MinuteMetrics> minutes(WorkflowRef ref, Instant from, Instant to);

    /**
     * The workflow's hour aggregates in {@code [from, to)}, every release, oldest hour first: the
     * minute metrics older than the minutes' retention, rolled up by {@link #purge}. Each item's
     * {@code minute} is the start of its hour.
     */
    List<MinuteMetrics> hours(WorkflowRef ref, Instant from, Instant to);

    /**
     * Removes executions started before {@code executionsBefore}; rolls the minute metrics before
     * {@code minutesBefore} up into hour aggregates (calls and errors added, histograms merged) and
     * removes them, in one transaction, so no call is counted twice or lost; removes hour
     * aggregates before {@code hoursBefore}. Error groups keep their counts.
     *
     * @return how many rows were removed (executions, minutes and hours)
     */
    long purge(Instant executionsBefore, Instant minutesBefore, Instant hoursBefore);

    @Override
    void close();
}
