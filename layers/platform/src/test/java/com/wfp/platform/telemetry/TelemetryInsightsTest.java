package com.wfp.platform.telemetry;

import com.wfp.platform.port.TelemetryStore;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.engine.ExecutionStatus;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Error group reports and insights over a store that implements only what every adapter must
 * (the port's default methods do the rest), so the defaults are exercised too.
 */
class TelemetryInsightsTest {

    private static final WorkflowRef ORDERS = new WorkflowRef("ada", "shop", "orders");
    private static final ReleaseId V1 = new ReleaseId("rel-v1");
    private static final ReleaseId V2 = new ReleaseId("rel-v2");
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    private final List<ExecutionRecord> executions = new ArrayList<>();
    private final List<MinuteMetrics> minutes = new ArrayList<>();
    private final TelemetryQueries queries = new TelemetryQueries(new ListStore(),
            () -> new TelemetryStats(0, 0, 0, 0, 0, 1), Clock.fixed(NOW, ZoneOffset.UTC));

    /** The abstract part of the port over two lists; groups are computed from the executions. */
    private final class ListStore implements TelemetryStore {
        @Override
        public void ingest(TelemetryBatch batch) {
        }

        @Override
        public List<ExecutionRecord> executions(ExecutionQuery q) {
            return executions.stream().filter(e -> e.ref().equals(q.ref()))
                    .filter(e -> q.since() == null || !e.startedAt().isBefore(q.since()))
                    .filter(e -> q.text() == null || e.failed() && e.failure().message().contains(q.text()))
                    .sorted(Comparator.comparing(ExecutionRecord::startedAt).reversed()).limit(q.limit()).toList();
        }

        @Override
        public Optional<ExecutionRecord> execution(String executionId) {
            return Optional.empty();
        }

        @Override
        public List<ErrorGroup> errorGroups(WorkflowRef ref, Instant since) {
            Map<String, List<ExecutionRecord>> byGroup = new LinkedHashMap<>();
            executions.stream().filter(e -> e.failure() != null && !e.shadow())
                    .sorted(Comparator.comparing(ExecutionRecord::startedAt))
                    .forEach(e -> byGroup.computeIfAbsent(e.fingerprint().value(), f -> new ArrayList<>()).add(e));
            List<ErrorGroup> groups = new ArrayList<>();
            byGroup.forEach((fingerprint, failures) -> {
                ExecutionRecord first = failures.getFirst();
                ExecutionRecord last = failures.getLast();
                Map<ReleaseId, List<ExecutionRecord>> byRelease = new LinkedHashMap<>();
                failures.forEach(f -> byRelease.computeIfAbsent(f.releaseId(), r -> new ArrayList<>()).add(f));
                List<ErrorGroup.ReleaseOccurrences> releases = new ArrayList<>();
                byRelease.forEach((id, list) -> releases.add(new ErrorGroup.ReleaseOccurrences(id,
                        list.getFirst().version(), list.size(), list.getFirst().startedAt(), list.getLast().startedAt())));
                if (!last.startedAt().isBefore(since)) {
                    groups.add(new ErrorGroup(fingerprint, ref, first.failure().nodeId(), first.failure().code(),
                            first.fingerprint().pattern(), last.failure().message(), failures.size(), first.startedAt(),
                            last.startedAt(), releases));
                }
            });
            return groups;
        }

        @Override
        public List<MinuteMetrics> minutes(WorkflowRef ref, Instant from, Instant to) {
            return minutes.stream().filter(m -> !m.minute().isBefore(from) && m.minute().isBefore(to)).toList();
        }

        @Override
        public List<MinuteMetrics> hours(WorkflowRef ref, Instant from, Instant to) {
            return List.of();
        }

        @Override
        public long purge(Instant executionsBefore, Instant minutesBefore, Instant hoursBefore) {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    private void failure(int n, ReleaseId release, Instant at, String node, String code, String message,
                         String host, int status, String nodeStatus) {
        executions.add(new ExecutionRecord("exec-" + String.format("%08d", n) + release.value().substring(4), ORDERS,
                release, release == V1 ? "v1" : "v2", at, ExecutionStatus.FAILED, 502, 1_000_000, null, false,
                List.of(new NodeTiming(node, "http.request", nodeStatus, 900_000, host, status)),
                new ExecutionFailure(node, code, "NodeException", message, "NodeException: " + message + "\n\tat x",
                        "{\"card\":\"***\"}")));
    }

    private void success(int n, ReleaseId release, Instant at, long transformMicros) {
        executions.add(new ExecutionRecord("ok-" + String.format("%08d", n) + release.value().substring(4), ORDERS,
                release, release == V1 ? "v1" : "v2", at, ExecutionStatus.SUCCEEDED, 200, 50_000, null, false,
                List.of(new NodeTiming("shape", "transform", "SUCCEEDED", transformMicros),
                        new NodeTiming("lookup", "http.request", "SUCCEEDED", 20_000, "crm.example.com", 200)), null));
    }

    @Test
    void errorGroup_reportsTrendDirectionLatestFailureAndTheReleaseItWasFirstSeenIn() {
        for (int i = 0; i < 2; i++) {
            failure(i, V2, NOW.minus(Duration.ofHours(30)).plusSeconds(i), "charge", "http.status",
                    "POST pay.example.com answered 503", "pay.example.com", 503, "FAILED");
        }
        for (int i = 2; i < 8; i++) {
            failure(i, V2, NOW.minus(Duration.ofHours(2)).plusSeconds(i), "charge", "http.status",
                    "POST pay.example.com answered 503", "pay.example.com", 503, "FAILED");
        }
        String fingerprint = executions.getFirst().fingerprint().value();

        ErrorGroupReport report = queries.errorGroup(ORDERS, fingerprint);

        assertThat(report.group().count()).isEqualTo(8);
        assertThat(report.group().firstSeenIn()).isEqualTo("v2");
        assertThat(report.trend()).hasSize(ErrorGroupReport.TREND_DAYS);
        assertThat(report.trend().stream().mapToLong(ErrorGroupReport.DayCount::count).sum()).isEqualTo(8);
        assertThat(report.trend().getLast().count()).isEqualTo(6);
        assertThat(report.lastDay()).isEqualTo(6);
        assertThat(report.dayBefore()).isEqualTo(2);
        assertThat(report.direction()).isEqualTo("rising");
        assertThat(report.latest().executionId()).isEqualTo(executions.getLast().executionId());
        assertThat(report.latest().failure().stackTrace()).contains("answered 503");
        assertThat(report.rollbackHint()).contains("First seen in v2").contains("wfp rollback orders");
        assertThatThrownBy(() -> queries.errorGroup(ORDERS, "0123456789abcdef0123"))
                .isInstanceOf(DomainException.class).hasMessageContaining("no error group");
        assertThatThrownBy(() -> queries.errorGroup(ORDERS, "../../etc")).isInstanceOf(DomainException.class)
                .extracting(e -> ((DomainException) e).code()).isEqualTo("telemetry.invalid-fingerprint");
    }

    @Test
    void insights_classifyGroupsReleasesNodesAndHosts_eachWithAHint() {
        Instant start = NOW.minus(Duration.ofHours(24));
        for (int i = 0; i < 20; i++) {
            success(i, V1, start.plus(Duration.ofMinutes(10 + i)), 5_000);
        }
        success(99, V1, start.plus(Duration.ofMinutes(40)), 400_000);
        // A timeout group seen all day; a 503 group only in the second half, with v2.
        for (int i = 0; i < 4; i++) {
            failure(i, V1, start.plus(Duration.ofHours(1 + i)), "lookup", "http.timeout",
                    "GET crm.example.com timed out", "crm.example.com", 0, "TIMED_OUT");
        }
        for (int i = 10; i < 16; i++) {
            failure(i, V2, NOW.minus(Duration.ofHours(2)).plusSeconds(i), "charge", "http.status",
                    "POST pay.example.com answered 503", "pay.example.com", 503, "FAILED");
        }
        failure(30, V2, NOW.minus(Duration.ofHours(1)), "charge", "http.status", "POST pay.example.com answered 401",
                "pay.example.com", 401, "FAILED");
        LatencyHistogram latency = new LatencyHistogram();
        latency.record(50_000);
        minutes.add(new MinuteMetrics(ORDERS, V1, "v1", NOW.minus(Duration.ofHours(3)), 200, 4, latency));
        minutes.add(new MinuteMetrics(ORDERS, V2, "v2", NOW.minus(Duration.ofHours(2)), 20, 7, latency));

        Insights insights = queries.insights(ORDERS, start);

        // The 401 joins the 503s' group: numbers in messages are normalised away.
        assertThat(insights.topGroups()).extracting(g -> g.group().code()).containsExactly("http.status",
                "http.timeout");
        assertThat(insights.topGroups().getFirst().count()).isEqualTo(7);
        assertThat(insights.topGroups()).allSatisfy(g -> assertThat(g.hint()).contains("wfp errors show"));
        assertThat(insights.risingGroups()).singleElement().satisfies(r -> {
            assertThat(r.group().code()).isEqualTo("http.status");
            assertThat(r.later()).isEqualTo(7);
            assertThat(r.earlier()).isZero();
            assertThat(r.hint()).contains("First seen in v2").contains("wfp rollback orders");
        });
        assertThat(insights.releases()).extracting(Insights.ReleaseRate::version).containsExactly("v2", "v1");
        assertThat(insights.releases().getFirst().errorRate()).isEqualTo(0.35);
        assertThat(insights.releases().getFirst().hint()).contains("wfp rollback orders --to v1");
        assertThat(insights.releases().getLast().hint()).isEmpty();
        assertThat(insights.slowestNodes().getFirst().nodeId()).isEqualTo("charge");
        assertThat(insights.slowestNodes().getFirst().p95Ms()).isCloseTo(900, org.assertj.core.data.Offset.offset(10.0));
        assertThat(insights.slowestNodes().getFirst().hint()).contains("upstream hosts");
        assertThat(insights.slowestNodes()).extracting(Insights.NodeLatency::nodeId).containsExactly("charge", "lookup",
                "shape");
        assertThat(insights.slowestNodes().getLast().maxMs()).isEqualTo(400.0);
        assertThat(insights.upstreams()).extracting(Insights.UpstreamHost::host)
                .containsExactly("pay.example.com", "crm.example.com");
        Insights.UpstreamHost pay = insights.upstreams().getFirst();
        assertThat(pay.serverErrors()).isEqualTo(6);
        assertThat(pay.clientErrors()).isEqualTo(1);
        assertThat(pay.hint()).contains("5xx").contains("4xx").contains("wfp secrets set");
        Insights.UpstreamHost crm = insights.upstreams().getLast();
        assertThat(crm.timeouts()).isEqualTo(4);
        assertThat(crm.calls()).isEqualTo(25);
        assertThat(crm.hint()).contains("timed out").contains("timeoutMs");
    }

    @Test
    void insights_ofAQuietWorkflow_sayNoFailures_andRefuseAWindowInTheFuture() {
        success(1, V1, NOW.minusSeconds(60), 1_000);

        Insights insights = queries.insights(ORDERS, NOW.minus(Duration.ofHours(1)));

        assertThat(insights.topGroups()).isEmpty();
        assertThat(insights.risingGroups()).isEmpty();
        assertThat(insights.upstreams()).singleElement().satisfies(h -> assertThat(h.troubled()).isFalse());
        assertThat(insights.hint()).isEqualTo("No failures in the window.");
        assertThatThrownBy(() -> queries.insights(ORDERS, NOW.plusSeconds(60))).isInstanceOf(DomainException.class);
    }
}
