package com.wfp.adapters.local.store;

import com.wfp.platform.port.InMemoryReleaseStore;
import com.wfp.platform.port.ReleaseStore;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Throughput of the SQLite store's main operations against the in-memory store as baseline,
 * measured in the same run. Each phase stops after its count or its time budget, whichever
 * comes first, so the whole run ends within about a minute.
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -B -q -pl layers/adapters-local -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/store-cp.txt -Dmdep.includeScope=test
 * java -cp "layers/adapters-local/target/test-classes:layers/adapters-local/target/classes:$(cat /tmp/store-cp.txt)" \
 *     com.wfp.adapters.local.store.SqliteReleaseStoreBenchmark
 * </pre>
 */
public final class SqliteReleaseStoreBenchmark {

    private static final WorkflowRef REF = new WorkflowRef("bench", "shop", "orders");
    private static final long PHASE_BUDGET_NANOS = 8_000_000_000L;
    private static final String DEFINITION = "{\"edges\":[],\"format\":1,\"id\":\"orders\",\"nodes\":[" +
            "{\"config\":{\"method\":\"POST\"},\"id\":\"in\",\"type\":\"trigger.http\"}]}";

    private SqliteReleaseStoreBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("wfp-store-bench");
        try (SqliteReleaseStore sqlite = new SqliteReleaseStore(dir.resolve("bench.db"))) {
            ReleaseStore memory = new InMemoryReleaseStore();
            System.out.printf("%-28s %14s %14s %8s%n", "operation", "sqlite ops/s", "memory ops/s", "ratio");
            report("createRelease", createReleases(sqlite, 400), createReleases(memory, 400));
            report("compareAndSetRouting", routingWrites(sqlite, 400), routingWrites(memory, 400));
            report("routing (read)", routingReads(sqlite, 50_000), routingReads(memory, 50_000));
            report("releases (list of 400)", listReads(sqlite, 2_000), listReads(memory, 2_000));
            System.out.println("integrity_check: " + sqlite.integrityCheck());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void report(String operation, double sqliteRate, double memoryRate) {
        System.out.printf("%-28s %14.0f %14.0f %8.4f%n", operation, sqliteRate, memoryRate, sqliteRate / memoryRate);
    }

    private static double createReleases(ReleaseStore store, int count) {
        long start = System.nanoTime();
        int done = 0;
        while (done < count && System.nanoTime() - start < PHASE_BUDGET_NANOS) {
            store.createRelease(NewRelease.of(REF, "v1." + done + ".0", "bench", DEFINITION, "{}", "bench", Instant.now()));
            done++;
        }
        return done / seconds(start);
    }

    private static double routingWrites(ReleaseStore store, int count) {
        List<Release> releases = store.releases(REF);
        long start = System.nanoTime();
        int done = 0;
        while (done < count && System.nanoTime() - start < PHASE_BUDGET_NANOS) {
            RoutingConfig current = store.routing(REF);
            Release target = releases.get(done % releases.size());
            store.compareAndSetRouting(REF, current.revision(), current.withWeights(List.of(new RouteWeight(target.id(), 100))),
                    "bench", "bench");
            done++;
        }
        return done / seconds(start);
    }

    private static double routingReads(ReleaseStore store, int count) {
        long start = System.nanoTime();
        int done = 0;
        long sink = 0;
        while (done < count && System.nanoTime() - start < PHASE_BUDGET_NANOS) {
            sink += store.routing(REF).revision();
            done++;
        }
        if (sink < 0) {
            System.out.println(sink);
        }
        return done / seconds(start);
    }

    private static double listReads(ReleaseStore store, int count) {
        long start = System.nanoTime();
        int done = 0;
        long sink = 0;
        while (done < count && System.nanoTime() - start < PHASE_BUDGET_NANOS) {
            sink += store.releases(REF).size();
            done++;
        }
        if (sink < 0) {
            System.out.println(sink);
        }
        return done / seconds(start);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
