package com.wfp.adapters.local.traffic;

import com.wfp.adapters.local.store.SqliteReleaseStore;
import com.wfp.platform.port.InMemoryPodManager;
import com.wfp.platform.port.RecordingEventBus;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.traffic.RollbackResult;
import com.wfp.platform.traffic.TrafficService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How long a rollback takes against the SQLite store: read the routing and the history, check the
 * pod holds the target, one compare-and-set, two events. Half the rollbacks first unload the
 * target, so they include loading it back. The baseline is the bare compare-and-set of the same
 * routing change, measured in the same run. Stops after {@value #ROUNDS} rounds (a few seconds).
 */
public final class SqliteRollbackBenchmark {

    private static final int ROUNDS = 400;
    private static final WorkflowRef ORDERS = new WorkflowRef("alice", "shop", "order-intake");

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("wfp-rollback-bench");
        try (SqliteReleaseStore store = new SqliteReleaseStore(dir.resolve("wfp.db"))) {
            InMemoryPodManager pods = new InMemoryPodManager();
            pods.ensurePod(ORDERS.user());
            TrafficService traffic = new TrafficService(store, store, pods, new RecordingEventBus(), Clock.systemUTC());
            Release v1 = release(store, pods, "v1");
            Release v2 = release(store, pods, "v2");
            store.compareAndSetRouting(ORDERS, 0, RoutingConfig.empty(ORDERS)
                    .withWeights(List.of(new RouteWeight(v2.id(), 100), new RouteWeight(v1.id(), 0))), "bench", "publish");

            double[] bare = new double[ROUNDS];
            double[] rollback = new double[ROUNDS];
            double[] reload = new double[ROUNDS / 2];
            int reloads = 0;
            for (int i = 0; i < ROUNDS; i++) {
                RoutingConfig current = store.routing(ORDERS);
                List<RouteWeight> flipped = current.weights().stream()
                        .map(w -> new RouteWeight(w.releaseId(), 100 - w.weight())).toList();
                long start = System.nanoTime();
                store.compareAndSetRouting(ORDERS, current.revision(), current.withWeights(flipped), "bench", "baseline flip");
                bare[i] = (System.nanoTime() - start) / 1e6;

                Release target = store.routing(ORDERS).weightOf(v1.id()).orElse(0) == 100 ? v2 : v1;
                boolean unload = i % 2 == 1;
                if (unload) {
                    pods.unload(ORDERS.user(), target.id());
                }
                RollbackResult result = traffic.rollback(ORDERS, target.versionName(), "bench", "benchmark");
                double ms = result.took().toNanos() / 1e6;
                if (unload) {
                    reload[reloads++] = ms;
                } else {
                    rollback[i / 2] = ms;
                }
            }
            double[] plain = Arrays.copyOf(rollback, ROUNDS / 2);
            print("baseline: bare compare-and-set", bare, bare);
            print("rollback, target loaded", plain, bare);
            print("rollback, target loaded back first", Arrays.copyOf(reload, reloads), bare);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Release release(SqliteReleaseStore store, InMemoryPodManager pods, String version) {
        String definition = "{\"format\":1,\"id\":\"order-intake\",\"name\":\"" + version + "\"}";
        Release r = store.createRelease(NewRelease.of(ORDERS, version, "", definition, "{}", "bench", Instant.now()));
        pods.load(ORDERS.user(), r.id(), ORDERS.workflow(), version, definition);
        return r;
    }

    private static void print(String name, double[] samples, double[] baseline) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        double[] base = baseline.clone();
        Arrays.sort(base);
        System.out.printf(Locale.ROOT, "%-38s p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms  p50 x baseline %5.2f%n", name,
                at(sorted, 0.5), at(sorted, 0.99), sorted[sorted.length - 1], at(sorted, 0.5) / at(base, 0.5));
    }

    private static double at(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
