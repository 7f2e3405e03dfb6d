package com.wfp.adapters.local.pod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Measures how long a user waits for a pod: cold start (launch to ready line) and recovery after
 * kill -9 (crash to ready with its release loaded again).
 * Baseline: a JVM with the same options whose main prints the ready line at once, so the ratio
 * says what the pod server adds to bare JVM start. Ends within about a minute.
 */
public final class PodStartBenchmark {

    private static final int ROUNDS = 3;
    private static final Duration BUDGET = Duration.ofSeconds(55);

    private PodStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("wfp-pod-bench");
        try {
            measure(dataDir);
        } finally {
            // Every pod manager has stopped its pods by now; their data directories go with the run.
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static void measure(Path dataDir) throws Exception {
        long deadline = System.nanoTime() + BUDGET.toNanos();
        LocalPodSettings base = PodTesting.settings(dataDir).withRestartBackoff(Duration.ofMillis(500),
                Duration.ofSeconds(30));
        System.out.println("Pod server: " + base.mainClass() + ", JVM options " + base.jvmOptions()
                + ", " + Runtime.getRuntime().availableProcessors() + " cores");

        List<Long> bareJvm = coldStarts(base.withMainClass(ReadyAtOnceMain.class.getName()), dataDir.resolve("bare"),
                deadline);
        List<Long> cold = coldStarts(base, dataDir.resolve("cold"), deadline);
        List<Long> recovery = recoveries(base, dataDir.resolve("recovery"), deadline);

        report("bare JVM to ready line (baseline)", bareJvm);
        report("pod cold start, launch to ready", cold);
        report("pod recovery after kill -9 (incl. 500 ms backoff)", recovery);
        report("pod recovery minus the backoff", recovery.stream().map(ms -> ms - 500).toList());
        System.out.printf("ratio pod cold start / bare JVM: %.2f%n", median(cold) / (double) median(bareJvm));
        System.out.printf("ratio pod recovery / pod cold start: %.2f%n", median(recovery) / (double) median(cold));
        System.out.printf("load average at the end: %.1f%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static List<Long> coldStarts(LocalPodSettings settings, Path dataDir, long deadline) {
        List<Long> millis = new ArrayList<>();
        try (LocalPodManager pods = new LocalPodManager(withDataDir(settings, dataDir), new InMemoryPodLogSink(100))) {
            for (int i = 0; i < ROUNDS && System.nanoTime() < deadline; i++) {
                String user = "user-" + i;
                millis.add(timed(() -> pods.ensureProductionPod(user)));
                pods.stop(user);
            }
        }
        return millis;
    }

    private static List<Long> recoveries(LocalPodSettings settings, Path dataDir, long deadline) throws Exception {
        List<Long> millis = new ArrayList<>();
        try (LocalPodManager pods = new LocalPodManager(withDataDir(settings, dataDir), new InMemoryPodLogSink(100))) {
            for (int i = 0; i < ROUNDS && System.nanoTime() < deadline; i++) {
                // A user per round: consecutive crashes of one pod would double its backoff each time.
                String user = "crashing-" + i;
                pods.load(user, "rel-1", "hello", "1.0.0", PodTesting.HELLO_WORKFLOW);
                long crashed = pods.ensureProductionPod(user).pid();
                long started = System.nanoTime();
                ProcessHandle.of(crashed).orElseThrow().destroyForcibly();
                PodTesting.awaitTrue("the pod is back", Duration.ofSeconds(60), () -> {
                    PodStatus health = pods.status(user);
                    return health.isReady() && health.pid() != crashed && health.releases().contains("rel-1");
                });
                millis.add((System.nanoTime() - started) / 1_000_000);
                pods.stop(user);
            }
        }
        return millis;
    }

    private static LocalPodSettings withDataDir(LocalPodSettings settings, Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return settings.withDataDir(dataDir);
    }

    private static long timed(Supplier<?> action) {
        long started = System.nanoTime();
        action.get();
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static long median(List<Long> values) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void report(String what, List<Long> millis) {
        System.out.printf("%-52s median %5d ms  min %5d ms  max %5d ms  (n=%d)%n", what, median(millis),
                millis.stream().min(Long::compare).orElse(-1L), millis.stream().max(Long::compare).orElse(-1L),
                millis.size());
    }
}
