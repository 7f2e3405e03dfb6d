package com.wfp.platform.bench;

import com.wfp.platform.port.InMemoryReleaseStore;
import com.wfp.platform.port.RecordingEventBus;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.Decision;
import com.wfp.platform.routing.RouteDecider;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingCache;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.Shadow;
import com.wfp.platform.routing.Stickiness;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * JMH: how long one route decision takes on the gateway's hot path (weighted, sticky with a
 * fresh caller key per call out of 10,000, pinned, and weighted through the warm
 * {@link RoutingCache}), against the baseline of drawing the random long the gateway passes in.
 * Sample-time mode gives the latency distribution; the target is p99 under 20 µs per decision.
 * Run with {@code ./wfp bench RouteDecisionBenchmark} (about a minute).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class RouteDecisionBenchmark {

    private static final double TARGET_P99_MICROS = 20;
    private static final WorkflowRef ORDERS = new WorkflowRef("alice", "shop", "order-intake");

    private RouteDecider decider;
    private RoutingCache cache;
    private String[] keys;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        InMemoryReleaseStore store = new InMemoryReleaseStore();
        List<Release> releases = List.of(release(store, "v1"), release(store, "v2"), release(store, "v3"),
                release(store, "v4"));
        RoutingConfig weighted = new RoutingConfig(ORDERS, 0, List.of(new RouteWeight(releases.get(0).id(), 50),
                new RouteWeight(releases.get(1).id(), 30), new RouteWeight(releases.get(2).id(), 20)),
                Stickiness.CALLER_KEY, new Shadow(releases.get(3).id(), 10));
        store.compareAndSetRouting(ORDERS, 0, weighted, "bench", "benchmark routing");
        decider = RouteDecider.of(weighted, releases);
        cache = new RoutingCache(store, store, new RecordingEventBus());
        cache.decider(ORDERS);
        keys = new String[10_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "key_" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + i;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cache.close();
    }

    @Benchmark
    public long baselineRandomDraw() {
        return ThreadLocalRandom.current().nextLong();
    }

    @Benchmark
    public Decision weighted() {
        return decider.decide(null, null, null, ThreadLocalRandom.current().nextLong());
    }

    @Benchmark
    public Decision sticky() {
        return decider.decide(null, null, keys[next++ % keys.length], ThreadLocalRandom.current().nextLong());
    }

    @Benchmark
    public Decision pinned() {
        return decider.decide("v2", null, null, ThreadLocalRandom.current().nextLong());
    }

    @Benchmark
    public Decision weightedThroughWarmCache() {
        return cache.decide(ORDERS, null, null, null, ThreadLocalRandom.current().nextLong());
    }

    public static void main(String[] args) throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(RouteDecisionBenchmark.class.getName() + "\\.")
                .build()).run();
        List<RunResult> sorted = new ArrayList<>(results);
        sorted.sort((a, b) -> a.getParams().getBenchmark().compareTo(b.getParams().getBenchmark()));
        double baselineMean = sorted.stream()
                .filter(r -> r.getParams().getBenchmark().endsWith("baselineRandomDraw"))
                .mapToDouble(r -> r.getPrimaryResult().getStatistics().getMean()).findFirst().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "%n%-28s %10s %10s %10s %12s%n", "decision", "p50 us", "p99 us", "p99.9 us",
                "mean/baseline");
        boolean met = true;
        for (RunResult r : sorted) {
            String name = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            Statistics s = r.getPrimaryResult().getStatistics();
            System.out.printf(Locale.ROOT, "%-28s %10.3f %10.3f %10.3f %12.1f%n", name, s.getPercentile(50),
                    s.getPercentile(99), s.getPercentile(99.9), s.getMean() / baselineMean);
            if (!name.startsWith("baseline")) {
                met &= s.getPercentile(99) < TARGET_P99_MICROS;
            }
        }
        System.out.printf(Locale.ROOT, "target p99 < %.0f us per decision: %s%n", TARGET_P99_MICROS, met ? "met" : "MISSED");
    }

    private static Release release(InMemoryReleaseStore store, String version) {
        String definition = "{\"format\":1,\"id\":\"order-intake\",\"name\":\"" + version + "\"}";
        return store.createRelease(NewRelease.of(ORDERS, version, "", definition, "{}", "bench", Instant.EPOCH));
    }
}
