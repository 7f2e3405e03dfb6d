package com.wfp.platform.port;

import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.telemetry.ErrorGroup;
import com.wfp.platform.telemetry.ErrorGroupQuery;
import com.wfp.platform.telemetry.ExecutionQuery;
import com.wfp.platform.telemetry.ExecutionRecord;
import com.wfp.platform.telemetry.FailureCount;
import com.wfp.platform.telemetry.MinuteMetrics;
import com.wfp.platform.telemetry.NodeTiming;
import com.wfp.platform.telemetry.TelemetryBatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

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

    /**
     * The workflow's error groups the query asks for, the most recently seen first. This default
     * filters {@link #errorGroups(WorkflowRef, Instant)} and searches the newest
     * {@value ExecutionQuery#MAX_LIMIT} matching executions; an adapter may search more directly.
     */
    default List<ErrorGroup> errorGroups(ErrorGroupQuery query) {
        Set<String> matching = null;
        if (query.text() != null) {
            matching = new HashSet<>();
            for (ExecutionRecord failure : executions(new ExecutionQuery(query.ref(), null, null, null, query.text(),
                    ExecutionQuery.MAX_LIMIT))) {
                if (failure.fingerprint() != null) {
                    matching.add(failure.fingerprint().value());
                }
            }
        }
        Set<String> found = matching;
        return errorGroups(query.ref(), query.since() == null ? Instant.EPOCH : query.since()).stream()
                .filter(query::admits).filter(g -> found == null || found.contains(g.fingerprint()))
                .limit(query.limit()).toList();
    }

    /**
     * The newest recorded failures of one error group, at most {@code limit}, newest first. This
     * default reads the workflow's newest {@value ExecutionQuery#MAX_LIMIT} executions.
     */
    default List<ExecutionRecord> failuresOf(WorkflowRef ref, String fingerprint, int limit) {
        return executions(new ExecutionQuery(ref, null, null, null, null, ExecutionQuery.MAX_LIMIT)).stream()
                .filter(e -> e.fingerprint() != null && e.fingerprint().value().equals(fingerprint))
                .limit(limit).toList();
    }

    /**
     * The workflow's failures per error group and bucket of {@code bucket} from {@code from}
     * (shadow calls not counted), among the executions still kept. This default reads the newest
     * {@value ExecutionQuery#MAX_LIMIT} executions.
     */
    default List<FailureCount> failureCounts(WorkflowRef ref, Instant from, Duration bucket) {
        Map<String, Map<Long, Long>> counts = new TreeMap<>();
        for (ExecutionRecord e : executions(new ExecutionQuery(ref, null, null, from, null, ExecutionQuery.MAX_LIMIT))) {
            if (e.fingerprint() != null && !e.shadow()) {
                long index = Duration.between(from, e.startedAt()).toMillis() / bucket.toMillis();
                counts.computeIfAbsent(e.fingerprint().value(), f -> new TreeMap<>()).merge(index, 1L, Long::sum);
            }
        }
        List<FailureCount> result = new ArrayList<>();
        counts.forEach((fingerprint, buckets) -> buckets.forEach((index, count) ->
                result.add(new FailureCount(fingerprint, from.plus(bucket.multipliedBy(index)), count))));
        return result;
    }

    /**
     * The node timings of the workflow's newest executions started at or after {@code since}, at
     * most {@code maxExecutions} executions (shadow calls left out), for the slowest nodes and the
     * hosts nodes called.
     */
    default List<NodeTiming> nodeTimings(WorkflowRef ref, Instant since, int maxExecutions) {
        return executions(new ExecutionQuery(ref, null, null, since, null,
                Math.min(maxExecutions, ExecutionQuery.MAX_LIMIT))).stream()
                .filter(e -> !e.shadow()).flatMap(e -> e.nodes().stream()).toList();
    }

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
