package com.wfp.platform.telemetry;

import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TelemetryQueriesTest {

    private static final WorkflowRef ORDERS = new WorkflowRef("ada", "shop", "orders");
    private static final ReleaseId V1 = new ReleaseId("rel-v1");
    private static final Instant NOW = Instant.parse("2026-12-05T10:30:00Z");

    /** Minutes kept in a list, as a store would return them. */
    private static TelemetryQueries over(List<MinuteMetrics> minutes) {
        var store = new com.wfp.platform.port.TelemetryStore() {
            @Override
            public void ingest(TelemetryBatch batch) {
            }

            @Override
            public List<ExecutionRecord> executions(ExecutionQuery query) {
                return List.of();
            }

            @Override
            public java.util.Optional<ExecutionRecord> execution(String executionId) {
                return java.util.Optional.empty();
            }

            @Override
            public List<ErrorGroup> errorGroups(WorkflowRef ref, Instant since) {
                return List.of();
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
        };
        return new TelemetryQueries(store, () -> new TelemetryStats(0, 0, 0, 0, 0, 1), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void metrics_percentilesOfMergedMinutes_matchAnExactComputationWithinOnePercent(long seed) {
        Random random = new Random(Long.getLong("wfp.seed", seed));
        List<MinuteMetrics> minutes = new ArrayList<>();
        List<Long> all = new ArrayList<>();
        for (int m = 0; m < 10; m++) {
            LatencyHistogram histogram = new LatencyHistogram();
            int calls = 200 + random.nextInt(800);
            for (int i = 0; i < calls; i++) {
                // Log-normal-ish latencies from 0.1 ms to seconds, each minute shifted.
                long micros = (long) (Math.exp(random.nextGaussian() * 1.5 + 8 + m * 0.2));
                histogram.record(micros);
                all.add(Math.max(1, micros));
            }
            minutes.add(new MinuteMetrics(ORDERS, V1, "v1", NOW.minusSeconds(600 - m * 60L), calls, 0, histogram));
        }

        List<MetricPoint> points = over(minutes).metrics(ORDERS, NOW.minusSeconds(600), Duration.ofMinutes(10));

        assertThat(points).hasSize(1);
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        MetricPoint point = points.getFirst();
        assertThat(point.calls()).isEqualTo(sorted.length);
        for (double[] p : new double[][]{{50, point.p50Ms()}, {95, point.p95Ms()}, {99, point.p99Ms()}}) {
            double exact = exact(sorted, p[0]) / 1000.0;
            assertThat(p[1]).as("p" + p[0]).isBetween(exact * 0.99, exact * 1.01);
        }
    }

    private static long exact(long[] sorted, double percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    @Test
    void metrics_perMinuteStep_givesOnePointPerReleaseAndMinute() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(5000);
        List<MinuteMetrics> minutes = List.of(
                new MinuteMetrics(ORDERS, V1, "v1", NOW.minusSeconds(180), 10, 1, h),
                new MinuteMetrics(ORDERS, new ReleaseId("rel-v2"), "v2", NOW.minusSeconds(180), 4, 0, h),
                new MinuteMetrics(ORDERS, V1, "v1", NOW.minusSeconds(120), 7, 0, h));

        List<MetricPoint> points = over(minutes).metrics(ORDERS, NOW.minusSeconds(300), Duration.ofMinutes(1));

        assertThat(points).extracting(MetricPoint::version, MetricPoint::calls).containsExactly(
                org.assertj.core.groups.Tuple.tuple("v1", 10L), org.assertj.core.groups.Tuple.tuple("v2", 4L),
                org.assertj.core.groups.Tuple.tuple("v1", 7L));
        assertThat(points.getFirst().start()).isEqualTo(NOW.minusSeconds(180));
        assertThat(points.getFirst().errorRate()).isEqualTo(0.1);
    }

    @Test
    void metrics_withAStepOrRangeOutOfBounds_isRefusedSayingWhatToAskFor() {
        TelemetryQueries queries = over(List.of());
        assertThatThrownBy(() -> queries.metrics(ORDERS, NOW.minusSeconds(60), Duration.ofSeconds(30)))
                .isInstanceOf(DomainException.class).hasFieldOrPropertyWithValue("code", "telemetry.invalid-step");
        assertThatThrownBy(() -> queries.metrics(ORDERS, NOW.minus(Duration.ofDays(401)), Duration.ofDays(1)))
                .isInstanceOf(DomainException.class).hasFieldOrPropertyWithValue("code", "telemetry.invalid-range");
        assertThatThrownBy(() -> queries.metrics(ORDERS, NOW.minus(Duration.ofDays(30)), Duration.ofMinutes(1)))
                .isInstanceOf(DomainException.class).hasFieldOrPropertyWithValue("code", "telemetry.too-many-steps");
        assertThatThrownBy(() -> queries.execution("../etc"))
                .isInstanceOf(DomainException.class).hasFieldOrPropertyWithValue("code", "telemetry.invalid-execution-id");
        assertThatThrownBy(() -> queries.execution("exec-00000001"))
                .isInstanceOf(DomainException.class).hasFieldOrPropertyWithValue("code", "telemetry.unknown-execution");
    }
}
