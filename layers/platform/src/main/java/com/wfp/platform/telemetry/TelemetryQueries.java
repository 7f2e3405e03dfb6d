package com.wfp.platform.telemetry;

import com.wfp.platform.port.TelemetryStore;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the control API and the CLI read from production telemetry: executions, one execution,
 * error groups and metrics series, plus how the telemetry writer is doing.
 */
public final class TelemetryQueries {

    /** The longest range a metrics series may span. */
    public static final Duration MAX_RANGE = Duration.ofDays(400);
    /** The most steps a series may have. */
    public static final int MAX_STEPS = 1500;

    private final TelemetryStore store;
    private final Supplier<TelemetryStats> stats;
    private final Clock clock;

    /**
     * @param stats the writer's counters (dropped items above all)
     */
    public TelemetryQueries(TelemetryStore store, Supplier<TelemetryStats> stats, Clock clock) {
        this.store = store;
        this.stats = stats;
        this.clock = clock;
    }

    public List<ExecutionRecord> executions(ExecutionQuery query) {
        return store.executions(query);
    }

    /**
     * @throws DomainException 404 {@code telemetry.unknown-execution} when none was recorded
     */
    public ExecutionRecord execution(String executionId) {
        if (executionId == null || !executionId.matches("[A-Za-z0-9._-]{1,128}")) {
            throw DomainException.badRequest("telemetry.invalid-execution-id",
                    "'" + (executionId == null ? "" : executionId.substring(0, Math.min(40, executionId.length())))
                            + "' is not an execution id",
                    "Use the id from the answer's X-Execution-Id header or from `wfp executions WF`.");
        }
        return store.execution(executionId).orElseThrow(() -> unknownExecution(executionId));
    }

    /** The 404 of an execution nobody recorded, also answered for one the caller may not see. */
    public static DomainException unknownExecution(String executionId) {
        return new DomainException("telemetry.unknown-execution", 404, "No execution " + executionId + " was recorded",
                "Check the id; executions are kept for 7 days, and only production calls are recorded.");
    }

    /** The workflow's error groups seen since {@code since}, the most recently seen first. */
    public List<ErrorGroup> errorGroups(WorkflowRef ref, Instant since) {
        return store.errorGroups(ref, since == null ? Instant.EPOCH : since);
    }

    /**
     * The workflow's calls per release and step from {@code since} until now. Each point's
     * percentiles come from the histograms of its minutes added together; beyond the minutes'
     * retention, from the hour aggregates they were rolled up into (a step then has an hour's
     * precision).
     *
     * @param step a whole number of minutes
     */
    public List<MetricPoint> metrics(WorkflowRef ref, Instant since, Duration step) {
        Instant now = clock.instant();
        if (step.isNegative() || step.isZero() || step.toSeconds() % 60 != 0) {
            throw DomainException.badRequest("telemetry.invalid-step", "A step of " + step + " is not whole minutes",
                    "Give the step in minutes or hours, such as 1m, 5m or 1h.");
        }
        if (since.isAfter(now) || Duration.between(since, now).compareTo(MAX_RANGE) > 0) {
            throw DomainException.badRequest("telemetry.invalid-range", "Metrics since " + since + " are out of range",
                    "Ask for at most the last " + MAX_RANGE.toDays() + " days, such as --since 1h or --since 7d.");
        }
        Instant from = since.truncatedTo(ChronoUnit.MINUTES);
        long stepMinutes = step.toMinutes();
        if (Duration.between(from, now).toMinutes() / stepMinutes > MAX_STEPS) {
            throw DomainException.badRequest("telemetry.too-many-steps", "That range has more than " + MAX_STEPS
                    + " steps of " + stepMinutes + " minutes", "Use a longer step, such as --step 1h.");
        }
        Map<ReleaseId, Map<Long, Bucket>> byRelease = new LinkedHashMap<>();
        // Minutes past their retention were rolled up into hours: each minute is in one of the two, never both.
        List<MinuteMetrics> rows = new ArrayList<>(store.hours(ref, from.truncatedTo(ChronoUnit.HOURS), now.plusSeconds(60)));
        rows.addAll(store.minutes(ref, from, now.plusSeconds(60)));
        for (MinuteMetrics minute : rows) {
            long index = Math.max(0, Duration.between(from, minute.minute()).toMinutes() / stepMinutes);
            Bucket bucket = byRelease.computeIfAbsent(minute.releaseId(), id -> new LinkedHashMap<>())
                    .computeIfAbsent(index, i -> new Bucket(minute.version()));
            bucket.calls += minute.calls();
            bucket.errors += minute.errors();
            bucket.latency.add(minute.latency());
        }
        List<MetricPoint> points = new ArrayList<>();
        byRelease.forEach((releaseId, buckets) -> buckets.forEach((index, b) -> points.add(new MetricPoint(releaseId,
                b.version, from.plus(step.multipliedBy(index)), b.calls, b.errors, b.latency.percentileMillis(50),
                b.latency.percentileMillis(95), b.latency.percentileMillis(99)))));
        points.sort(Comparator.comparing(MetricPoint::start).thenComparing(MetricPoint::version));
        return points;
    }

    public TelemetryStats stats() {
        return stats.get();
    }

    private static final class Bucket {
        final String version;
        long calls;
        long errors;
        final LatencyHistogram latency = new LatencyHistogram();

        Bucket(String version) {
            this.version = version;
        }
    }
}
