package com.wfp.local.telemetry;

import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.telemetry.ReleaseMetrics;
import com.wfp.platform.telemetry.WindowStats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ReleaseMetrics} held in memory, fed by the gateway with every call it forwarded: per
 * release, a ring of one-second buckets, each counting calls, errors (status 500 and above) and
 * the latencies in a small logarithmic histogram. A window's p95 is read from the merged
 * histograms, so it is exact to one histogram bucket (15%). Only the last {@link #retention()}
 * is kept; older seconds are overwritten as the ring turns.
 */
public final class SlidingWindowReleaseMetrics implements ReleaseMetrics {

    /** Upper bounds of the latency buckets in milliseconds: 0.1 ms growing by 15% per bucket. */
    private static final double[] BOUNDS_MS = bounds();
    private static final int DEFAULT_SECONDS = 600;

    private final Clock clock;
    private final int seconds;
    private final ConcurrentHashMap<ReleaseId, Ring> rings = new ConcurrentHashMap<>();

    /** Keeps ten minutes per release. */
    public SlidingWindowReleaseMetrics(Clock clock) {
        this(clock, DEFAULT_SECONDS);
    }

    public SlidingWindowReleaseMetrics(Clock clock, int secondsKept) {
        if (secondsKept < 1) {
            throw new IllegalArgumentException("Keep at least one second, not " + secondsKept);
        }
        this.clock = clock;
        this.seconds = secondsKept;
    }

    /** How far back {@link #stats} can see. */
    public Duration retention() {
        return Duration.ofSeconds(seconds);
    }

    /** Counts one forwarded call that started now and took {@code latencyNanos}. */
    public void record(ReleaseId releaseId, int status, long latencyNanos) {
        record(releaseId, clock.instant(), status, latencyNanos);
    }

    /** Counts one call of the release that started at {@code startedAt}. */
    public void record(ReleaseId releaseId, Instant startedAt, int status, long latencyNanos) {
        rings.computeIfAbsent(releaseId, id -> new Ring(seconds))
                .add(startedAt.getEpochSecond(), status >= 500, latencyNanos / 1_000_000.0);
    }

    @Override
    public WindowStats stats(ReleaseId releaseId, Instant from, Instant to) {
        Ring ring = rings.get(releaseId);
        return ring == null ? WindowStats.EMPTY : ring.stats(from.getEpochSecond(), ceilSeconds(to));
    }

    private static long ceilSeconds(Instant to) {
        return to.getNano() == 0 ? to.getEpochSecond() : to.getEpochSecond() + 1;
    }

    private static double[] bounds() {
        double[] bounds = new double[110];
        double bound = 0.1;
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = bound;
            bound *= 1.15;
        }
        return bounds;
    }

    static int bucketOf(double latencyMs) {
        int low = 0;
        int high = BOUNDS_MS.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (BOUNDS_MS[mid] >= latencyMs) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    /** One release's seconds. Guarded by its own monitor: a few nanoseconds per call. */
    private static final class Ring {
        private final long[] second;
        private final long[] requests;
        private final long[] errors;
        private final int[][] histogram;

        Ring(int size) {
            second = new long[size];
            java.util.Arrays.fill(second, Long.MIN_VALUE);
            requests = new long[size];
            errors = new long[size];
            histogram = new int[size][BOUNDS_MS.length];
        }

        synchronized void add(long epochSecond, boolean error, double latencyMs) {
            int slot = (int) Math.floorMod(epochSecond, (long) second.length);
            if (second[slot] != epochSecond) {
                if (second[slot] > epochSecond) {
                    return;
                }
                second[slot] = epochSecond;
                requests[slot] = 0;
                errors[slot] = 0;
                java.util.Arrays.fill(histogram[slot], 0);
            }
            requests[slot]++;
            if (error) {
                errors[slot]++;
            }
            histogram[slot][bucketOf(latencyMs)]++;
        }

        synchronized WindowStats stats(long fromSecond, long toSecondExclusive) {
            long total = 0;
            long failed = 0;
            long[] merged = new long[BOUNDS_MS.length];
            for (int slot = 0; slot < second.length; slot++) {
                if (second[slot] >= fromSecond && second[slot] < toSecondExclusive) {
                    total += requests[slot];
                    failed += errors[slot];
                    for (int b = 0; b < merged.length; b++) {
                        merged[b] += histogram[slot][b];
                    }
                }
            }
            if (total == 0) {
                return WindowStats.EMPTY;
            }
            long rank = (long) Math.ceil(total * 0.95);
            long seen = 0;
            for (int b = 0; b < merged.length; b++) {
                seen += merged[b];
                if (seen >= rank) {
                    return new WindowStats(total, failed, BOUNDS_MS[b]);
                }
            }
            return new WindowStats(total, failed, BOUNDS_MS[merged.length - 1]);
        }
    }
}
