package com.wfp.platform.bench;

import com.wfp.platform.port.InMemoryReleaseStore;
import com.wfp.platform.port.RecordingEventBus;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.Shadow;
import com.wfp.platform.routing.Stickiness;
import com.wfp.platform.traffic.Decision;
import com.wfp.platform.traffic.RouteDecider;
import com.wfp.platform.traffic.RoutingCache;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long one route decision takes on the gateway's hot path: weighted, sticky (a fresh key per
 * call out of 10,000 callers), pinned, and weighted through the warm {@link RoutingCache}, each
 * against the baseline of drawing the random long the gateway passes in. Latency is timed per
 * batch of {@value #BATCH} calls with {@link System#nanoTime()} (one call is too short to time
 * alone), so the percentiles are of per-call means within a batch. Runs about 30 seconds.
 *
 * <p>Run: {@code mvn -pl layers/platform -am test-compile} then
 * {@code java -cp layers/platform/target/test-classes:layers/platform/target/classes:<deps> com.wfp.platform.bench.RouteDecisionBenchmark}
 * (or from an IDE). The target is p99 under 20 µs per decision.
 */
public final class RouteDecisionBenchmark {

    private static final int BATCH = 16;
    private static final long WARMUP_NANOS = 2_000_000_000L;
    private static final long MEASURE_NANOS = 3_000_000_000L;
    private static final double TARGET_P99_MICROS = 20;
    private static final WorkflowRef ORDERS = new WorkflowRef("alice", "shop", "order-intake");

    private static long sink;

    @FunctionalInterface
    private interface Operation {
        long run(int i);
    }

    private record Result(String name, double p50, double p99, double p999, double opsPerSecond) {
    }

    public static void main(String[] args) {
        InMemoryReleaseStore store = new InMemoryReleaseStore();
        List<Release> releases = List.of(release(store, "v1"), release(store, "v2"), release(store, "v3"),
                release(store, "v4"));
        RoutingConfig weighted = new RoutingConfig(ORDERS, 0, List.of(new RouteWeight(releases.get(0).id(), 50),
                new RouteWeight(releases.get(1).id(), 30), new RouteWeight(releases.get(2).id(), 20)),
                Stickiness.CALLER_KEY, new Shadow(releases.get(3).id(), 10));
        store.compareAndSetRouting(ORDERS, 0, weighted, "bench", "benchmark routing");
        RouteDecider decider = RouteDecider.of(weighted, releases);
        RoutingCache cache = new RoutingCache(store, new RecordingEventBus());
        cache.decider(ORDERS);

        String[] keys = new String[10_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "key_" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + i;
        }

        Result baseline = measure("baseline: ThreadLocalRandom.nextLong", i -> ThreadLocalRandom.current().nextLong());
        List<Result> results = List.of(
                measure("weighted decide", i -> code(decider.decide(null, null, null, ThreadLocalRandom.current().nextLong()))),
                measure("sticky decide (3 releases)", i -> code(decider.decide(null, null, keys[i % keys.length],
                        ThreadLocalRandom.current().nextLong()))),
                measure("pinned decide", i -> code(decider.decide("v2", null, null, ThreadLocalRandom.current().nextLong()))),
                measure("weighted via warm RoutingCache", i -> code(cache.decide(ORDERS, null, null, null,
                        ThreadLocalRandom.current().nextLong()))));

        System.out.printf(Locale.ROOT, "%-38s %10s %10s %10s %14s %12s%n", "operation", "p50 us", "p99 us", "p99.9 us",
                "ops/s", "x baseline");
        print(baseline, baseline);
        boolean met = true;
        for (Result r : results) {
            print(r, baseline);
            met &= r.p99() < TARGET_P99_MICROS;
        }
        System.out.printf(Locale.ROOT, "target p99 < %.0f us per decision: %s (checksum %d)%n", TARGET_P99_MICROS,
                met ? "met" : "MISSED", sink);
        cache.close();
    }

    private static long code(Decision d) {
        return d.versionName().length() + d.reason().ordinal() + (d.mirrored() ? 7 : 0);
    }

    private static void print(Result r, Result baseline) {
        System.out.printf(Locale.ROOT, "%-38s %10.3f %10.3f %10.3f %,14.0f %12.2f%n", r.name(), r.p50(), r.p99(), r.p999(),
                r.opsPerSecond(), baseline.opsPerSecond() / r.opsPerSecond());
    }

    private static Result measure(String name, Operation op) {
        run(op, WARMUP_NANOS, null);
        double[] samples = new double[(int) (MEASURE_NANOS / 50)];
        long[] stats = run(op, MEASURE_NANOS, samples);
        int n = (int) stats[0];
        double[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        double opsPerSecond = (double) n * BATCH / (stats[1] / 1e9);
        return new Result(name, percentile(sorted, 0.50), percentile(sorted, 0.99), percentile(sorted, 0.999), opsPerSecond);
    }

    /** Runs batches for {@code nanos}; records each batch's mean per call in microseconds. Returns {batches, time in batches}. */
    private static long[] run(Operation op, long nanos, double[] samples) {
        long end = System.nanoTime() + nanos;
        int batches = 0;
        long timed = 0;
        long acc = 0;
        int i = 0;
        while (System.nanoTime() < end && (samples == null || batches < samples.length)) {
            long start = System.nanoTime();
            for (int k = 0; k < BATCH; k++) {
                acc += op.run(i++);
            }
            long took = System.nanoTime() - start;
            if (samples != null) {
                samples[batches] = took / 1_000.0 / BATCH;
            }
            timed += took;
            batches++;
        }
        sink += acc;
        return new long[]{batches, timed};
    }

    private static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static Release release(InMemoryReleaseStore store, String version) {
        String definition = "{\"format\":1,\"id\":\"order-intake\",\"name\":\"" + version + "\"}";
        return store.createRelease(NewRelease.of(ORDERS, version, "", definition, "{}", "bench", Instant.EPOCH));
    }
}
