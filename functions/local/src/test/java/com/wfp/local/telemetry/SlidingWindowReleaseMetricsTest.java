package com.wfp.local.telemetry;

import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.telemetry.WindowStats;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SlidingWindowReleaseMetricsTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private final ReleaseId canary = new ReleaseId("rel-canary");
    private final ReleaseId stable = new ReleaseId("rel-stable");
    private final SlidingWindowReleaseMetrics metrics =
            new SlidingWindowReleaseMetrics(Clock.fixed(T0, ZoneOffset.UTC), 60);

    private static long millis(double ms) {
        return (long) (ms * TimeUnit.MILLISECONDS.toNanos(1));
    }

    @Test
    void stats_countStatus500AndAboveAsErrorsPerReleaseWithinTheWindow() {
        for (int i = 0; i < 90; i++) {
            metrics.record(canary, T0.plusMillis(i * 10), 200, millis(5));
        }
        for (int i = 0; i < 10; i++) {
            metrics.record(canary, T0.plusSeconds(1), i < 5 ? 500 : 503, millis(5));
        }
        metrics.record(canary, T0.plusSeconds(1), 404, millis(5));
        metrics.record(stable, T0, 502, millis(5));

        WindowStats stats = metrics.stats(canary, T0, T0.plusSeconds(2));

        assertThat(stats.requests()).isEqualTo(101);
        assertThat(stats.errors()).isEqualTo(10);
        assertThat(metrics.stats(stable, T0, T0.plusSeconds(2)).errors()).isEqualTo(1);
        assertThat(metrics.stats(canary, T0.plusSeconds(1), T0.plusSeconds(2)).requests()).isEqualTo(11);
        assertThat(metrics.stats(new ReleaseId("rel-none"), T0, T0.plusSeconds(2))).isEqualTo(WindowStats.EMPTY);
    }

    @Test
    void p95_isTheNinetyFifthPercentileWithinOneHistogramBucket() {
        for (int i = 1; i <= 1000; i++) {
            metrics.record(canary, T0, 200, millis(i));
        }

        double p95 = metrics.stats(canary, T0, T0.plusSeconds(1)).p95Ms();

        assertThat(p95).isCloseTo(950, within(950 * 0.15));
        assertThat(p95).isGreaterThanOrEqualTo(950);
    }

    @Test
    void oldSeconds_leaveTheWindowAndAreOverwrittenWhenTheRingTurns() {
        metrics.record(canary, T0, 500, millis(5));
        metrics.record(canary, T0.plusSeconds(60), 200, millis(5));

        assertThat(metrics.stats(canary, T0, T0.plusSeconds(1))).isEqualTo(WindowStats.EMPTY);
        assertThat(metrics.stats(canary, T0, T0.plusSeconds(61)).requests()).isEqualTo(1);
        assertThat(metrics.stats(canary, T0, T0.plusSeconds(61)).errors()).isZero();
        metrics.record(canary, T0, 500, millis(5));
        assertThat(metrics.stats(canary, T0, T0.plusSeconds(61)).errors()).as("a late call for a reused second").isZero();
    }

    @Test
    void record_withTheClock_usesTheCurrentSecond() {
        metrics.record(canary, 500, millis(2));

        assertThat(metrics.stats(canary, T0.minusSeconds(1), T0.plusMillis(1)).errors()).isEqualTo(1);
        assertThat(metrics.retention().toSeconds()).isEqualTo(60);
    }
}
