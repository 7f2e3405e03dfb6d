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

    /** The workflow's error groups the query asks for, the most recently seen first. */
    public List<ErrorGroup> errorGroups(ErrorGroupQuery query) {
        return store.errorGroups(query);
    }

    /**
     * One error group with its trend, its newest recorded failure and the rollback hint.
     *
     * @throws DomainException 400 {@code telemetry.invalid-fingerprint}, 404 {@code telemetry.unknown-error-group}
     */
    public ErrorGroupReport errorGroup(WorkflowRef ref, String fingerprint) {
        if (fingerprint == null || !fingerprint.matches("[0-9a-f]{20}")) {
            throw DomainException.badRequest("telemetry.invalid-fingerprint", "'" + abbreviate(fingerprint)
                    + "' is not an error group", "Use the GROUP column of `wfp errors WF` (20 hex characters).");
        }
        ErrorGroup group = store.errorGroups(ref, Instant.EPOCH).stream()
                .filter(g -> g.fingerprint().equals(fingerprint)).findFirst()
                .orElseThrow(() -> new DomainException("telemetry.unknown-error-group", 404,
                        "Workflow " + ref.path() + " has no error group " + fingerprint,
                        "List its groups with `wfp errors " + ref.workflow() + "`."));
        Instant now = clock.instant();
        Instant today = now.truncatedTo(ChronoUnit.DAYS);
        Instant trendStart = today.minus(Duration.ofDays(ErrorGroupReport.TREND_DAYS - 1));
        long[] days = new long[ErrorGroupReport.TREND_DAYS];
        for (FailureCount count : store.failureCounts(ref, trendStart, Duration.ofDays(1))) {
            int index = (int) Duration.between(trendStart, count.bucket()).toDays();
            if (count.fingerprint().equals(fingerprint) && index >= 0 && index < days.length) {
                days[index] += count.count();
            }
        }
        List<ErrorGroupReport.DayCount> trend = new ArrayList<>();
        for (int i = 0; i < days.length; i++) {
            trend.add(new ErrorGroupReport.DayCount(trendStart.plus(Duration.ofDays(i)), days[i]));
        }
        long lastDay = 0;
        long dayBefore = 0;
        Instant twoDaysAgo = now.minus(Duration.ofHours(48));
        for (FailureCount count : store.failureCounts(ref, twoDaysAgo, Duration.ofHours(24))) {
            if (count.fingerprint().equals(fingerprint)) {
                if (count.bucket().equals(twoDaysAgo)) {
                    dayBefore += count.count();
                } else {
                    lastDay += count.count();
                }
            }
        }
        ExecutionRecord latest = store.failuresOf(ref, fingerprint, 1).stream().findFirst().orElse(null);
        return new ErrorGroupReport(group, trend, lastDay, dayBefore, direction(group, dayBefore, lastDay, now),
                latest, rollbackHint(ref, group));
    }

    private static String direction(ErrorGroup group, long earlier, long later, Instant now) {
        if (!group.firstSeen().isBefore(now.minus(Duration.ofHours(24)))) {
            return "new";
        }
        if (later == 0 && earlier == 0) {
            return "quiet";
        }
        if (later >= 2 * Math.max(1, earlier) && later >= 3) {
            return "rising";
        }
        if (earlier >= 2 * Math.max(1, later)) {
            return "falling";
        }
        return "steady";
    }

    private static String rollbackHint(WorkflowRef ref, ErrorGroup group) {
        if (group.firstSeenIn().isEmpty()) {
            return "";
        }
        return "First seen in " + group.firstSeenIn() + " (" + group.releases().getFirst().firstSeen() + "): if that "
                + "release brought it, `wfp rollback " + ref.workflow() + " --to <the release before it>` sends all "
                + "traffic back in seconds, and `wfp diff " + ref.workflow() + " <that release> " + group.firstSeenIn()
                + "` shows what changed.";
    }

    /** How many of the newest executions in the window the node and host figures of {@link #insights} read. */
    public static final int INSIGHT_EXECUTIONS = 5000;
    private static final int INSIGHT_ROWS = 5;

    /**
     * What the workflow's telemetry says since {@code since}: top and rising error groups, error
     * rate by release, slowest nodes, troubled upstream hosts, each with a hint.
     */
    public Insights insights(WorkflowRef ref, Instant since) {
        Instant now = clock.instant();
        if (since == null) {
            since = now.minus(Duration.ofHours(24));
        }
        if (!since.isBefore(now) || Duration.between(since, now).compareTo(MAX_RANGE) > 0) {
            throw DomainException.badRequest("telemetry.invalid-range", "Insights since " + since + " are out of range",
                    "Ask for a window in the past of at most " + MAX_RANGE.toDays() + " days, such as --since 24h.");
        }
        String wf = ref.workflow();
        Map<String, ErrorGroup> groups = new LinkedHashMap<>();
        store.errorGroups(ref, since).forEach(g -> groups.put(g.fingerprint(), g));
        Duration half = Duration.between(since, now).dividedBy(2);
        Map<String, long[]> halves = new LinkedHashMap<>();
        for (FailureCount count : store.failureCounts(ref, since, half.isZero() ? Duration.ofMillis(1) : half)) {
            long[] h = halves.computeIfAbsent(count.fingerprint(), f -> new long[2]);
            h[count.bucket().equals(since) ? 0 : 1] += count.count();
        }
        List<Insights.GroupCount> top = new ArrayList<>();
        List<Insights.Rising> rising = new ArrayList<>();
        halves.entrySet().stream().filter(e -> groups.containsKey(e.getKey()))
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -(e.getValue()[0] + e.getValue()[1])))
                .forEach(e -> {
                    ErrorGroup g = groups.get(e.getKey());
                    long earlier = e.getValue()[0];
                    long later = e.getValue()[1];
                    if (top.size() < INSIGHT_ROWS) {
                        top.add(new Insights.GroupCount(g, earlier + later, "`wfp errors show " + g.fingerprint()
                                + " --workflow " + wf + "` shows its latest stack trace and input; first seen in "
                                + g.firstSeenIn() + "."));
                    }
                    if (later >= 3 && later >= 2 * Math.max(1, earlier) && rising.size() < INSIGHT_ROWS) {
                        rising.add(new Insights.Rising(g, earlier, later, "Rising: " + earlier + " then " + later
                                + " failures in the two halves of the window. "
                                + (g.firstSeenIn().isEmpty() ? "" : "First seen in " + g.firstSeenIn()
                                + "; if it is the newest release, roll back with `wfp rollback " + wf + "`.")));
                    }
                });
        List<Insights.ReleaseRate> releases = releaseRates(ref, since, now, wf);
        List<NodeTiming> timings = store.nodeTimings(ref, since, INSIGHT_EXECUTIONS);
        String hint = top.isEmpty() && releases.stream().allMatch(r -> r.errors() == 0)
                ? "No failures in the window." : "Start with the rising groups, then the release with the highest error rate.";
        return new Insights(since, top, rising, releases, slowestNodes(timings), upstreams(timings), hint);
    }

    private List<Insights.ReleaseRate> releaseRates(WorkflowRef ref, Instant since, Instant now, String wf) {
        Map<ReleaseId, long[]> byRelease = new LinkedHashMap<>();
        Map<ReleaseId, String> versions = new LinkedHashMap<>();
        List<MinuteMetrics> rows = new ArrayList<>(store.hours(ref, since.truncatedTo(ChronoUnit.HOURS), now));
        rows.addAll(store.minutes(ref, since.truncatedTo(ChronoUnit.MINUTES), now.plusSeconds(60)));
        for (MinuteMetrics m : rows) {
            long[] counts = byRelease.computeIfAbsent(m.releaseId(), id -> new long[2]);
            counts[0] += m.calls();
            counts[1] += m.errors();
            versions.put(m.releaseId(), m.version());
        }
        double best = byRelease.values().stream().filter(c -> c[0] > 0).mapToDouble(c -> (double) c[1] / c[0]).min()
                .orElse(0);
        String bestVersion = byRelease.entrySet().stream().filter(e -> e.getValue()[0] > 0)
                .min(Comparator.comparingDouble(e -> (double) e.getValue()[1] / e.getValue()[0]))
                .map(e -> versions.get(e.getKey())).orElse("");
        List<Insights.ReleaseRate> rates = new ArrayList<>();
        byRelease.forEach((id, c) -> {
            double rate = c[0] == 0 ? 0 : (double) c[1] / c[0];
            String hint = rate >= 0.01 && rate >= 2 * best && !versions.get(id).equals(bestVersion)
                    ? String.format(java.util.Locale.ROOT, "Fails %.1f%% of calls against %.1f%% for %s: "
                    + "`wfp rollback %s --to %s`, then `wfp errors %s --release %s`.", rate * 100, best * 100,
                    bestVersion, wf, bestVersion, wf, versions.get(id))
                    : rate >= 0.05 ? "Fails " + String.format(java.util.Locale.ROOT, "%.1f%%", rate * 100)
                    + " of calls: `wfp errors " + wf + " --release " + versions.get(id) + "` lists why."
                    : "";
            rates.add(new Insights.ReleaseRate(versions.get(id), id.value(), c[0], c[1], rate, hint));
        });
        rates.sort(Comparator.comparingDouble(Insights.ReleaseRate::errorRate).reversed());
        return rates;
    }

    private static List<Insights.NodeLatency> slowestNodes(List<NodeTiming> timings) {
        Map<String, LatencyHistogram> histograms = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Long> max = new LinkedHashMap<>();
        for (NodeTiming t : timings) {
            histograms.computeIfAbsent(t.nodeId(), n -> new LatencyHistogram()).record(Math.max(1, t.durationMicros()));
            types.put(t.nodeId(), t.type());
            max.merge(t.nodeId(), t.durationMicros(), Math::max);
        }
        List<Insights.NodeLatency> nodes = new ArrayList<>();
        histograms.forEach((node, h) -> {
            double p95 = h.percentileMillis(95);
            String type = types.get(node);
            String hint = p95 < 100 ? "" : switch (type == null ? "" : type) {
                case "http.request" -> "Waits on the host it calls: see the upstream hosts; lower its timeoutMs or "
                        + "cache what it fetches.";
                case "delay" -> "A delay node: its time is by design.";
                default -> "Spends " + Math.round(p95) + " ms at p95: simplify its expressions or split the data it works on.";
            };
            nodes.add(new Insights.NodeLatency(node, type, h.count(), h.percentileMillis(50), p95,
                    max.get(node) / 1000.0, hint));
        });
        nodes.sort(Comparator.comparingDouble(Insights.NodeLatency::p95Ms).reversed());
        return nodes.stream().limit(INSIGHT_ROWS).toList();
    }

    private static List<Insights.UpstreamHost> upstreams(List<NodeTiming> timings) {
        Map<String, long[]> hosts = new LinkedHashMap<>();
        Map<String, LatencyHistogram> latency = new LinkedHashMap<>();
        for (NodeTiming t : timings) {
            if (t.upstreamHost() == null) {
                continue;
            }
            long[] c = hosts.computeIfAbsent(t.upstreamHost(), h -> new long[5]);
            c[0]++;
            if (t.upstreamStatus() == 0) {
                c["TIMED_OUT".equals(t.status()) ? 1 : 2]++;
            } else if (t.upstreamStatus() >= 500) {
                c[4]++;
            } else if (t.upstreamStatus() >= 400) {
                c[3]++;
            }
            latency.computeIfAbsent(t.upstreamHost(), h -> new LatencyHistogram()).record(Math.max(1, t.durationMicros()));
        }
        List<Insights.UpstreamHost> result = new ArrayList<>();
        hosts.forEach((host, c) -> {
            List<String> hints = new ArrayList<>();
            if (c[1] > 0) {
                hints.add(c[1] + " timed out: raise the node's timeoutMs only if the host is slow by nature, else add "
                        + "a retry with backoff or an error branch");
            }
            if (c[2] > 0) {
                hints.add(c[2] + " got no answer (refused, reset or unknown name): check the URL and that the host is up");
            }
            if (c[3] > 0) {
                hints.add(c[3] + " answered 4xx: the request is wrong (URL, body) or its credential was refused "
                        + "(a 401/403 often means a rotated secret: `wfp secrets set`)");
            }
            if (c[4] > 0) {
                hints.add(c[4] + " answered 5xx: the host itself fails; retry with backoff, add an error branch, "
                        + "tell its owner");
            }
            result.add(new Insights.UpstreamHost(host, c[0], c[1], c[2], c[3], c[4],
                    latency.get(host).percentileMillis(95), String.join("; ", hints)));
        });
        result.sort(Comparator.comparingLong((Insights.UpstreamHost h) -> -(h.timeouts() + h.noAnswer()
                + h.clientErrors() + h.serverErrors())).thenComparing(Insights.UpstreamHost::host));
        return result;
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 40 ? text : text.substring(0, 40) + "...";
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
