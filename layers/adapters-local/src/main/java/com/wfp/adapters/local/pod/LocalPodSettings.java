package com.wfp.adapters.local.pod;

import com.wfp.platform.pod.PodPlan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the local platform launches and supervises its pods, each a child JVM on 127.0.0.1.
 *
 * @param javaExecutable        the {@code java} launcher for the child JVMs
 * @param classPath             class path the child JVM runs {@code mainClass} from
 * @param mainClass             the pod server's main class
 * @param dataDir               per-user pod state (admin tokens, loaded releases) lives under it
 * @param heapMb                maximum heap of each pod ({@code -Xmx})
 * @param maxConcurrency        executions a pod runs at once
 * @param queueSize             executions a pod queues beyond {@code maxConcurrency} before it sheds load
 * @param readinessTimeout      how long a pod may take to print its ready line
 * @param restartBackoffInitial delay before the first restart of a crashed pod; it doubles per consecutive crash
 * @param restartBackoffMax     upper bound of that delay
 * @param stopTimeout           how long a pod may take to exit after SIGTERM before it is killed
 * @param requestTimeout        timeout of each admin request to a pod (load, unload, health)
 * @param healthCheckInterval   how often a running pod's {@code /health} is checked; zero turns the watchdog off
 * @param unhealthyChecksBeforeRestart consecutive failed health checks after which a pod that still runs but
 *                              does not answer is killed, and so restarted like a crashed one
 * @param extraJvmOptions       JVM options appended after the defaults (they win over them)
 */
public record LocalPodSettings(
        Path javaExecutable,
        String classPath,
        String mainClass,
        Path dataDir,
        int heapMb,
        int maxConcurrency,
        int queueSize,
        Duration readinessTimeout,
        Duration restartBackoffInitial,
        Duration restartBackoffMax,
        Duration stopTimeout,
        Duration requestTimeout,
        Duration healthCheckInterval,
        int unhealthyChecksBeforeRestart,
        List<String> extraJvmOptions) {

    /** The pod server of {@code functions/pod}. */
    public static final String POD_MAIN_CLASS = "com.wfp.pod.PodMain";

    /**
     * JVM options for a small server on few cores: serial GC, the default class data sharing archive when there
     * is one. Both JIT compilers stay on: C1 only started a pod about 170 ms sooner (about 570 instead of 740 ms)
     * but ran workflows at half the speed once warm.
     */
    public static final List<String> POD_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xshare:auto");

    public LocalPodSettings {
        Objects.requireNonNull(javaExecutable, "javaExecutable");
        Objects.requireNonNull(classPath, "classPath");
        Objects.requireNonNull(mainClass, "mainClass");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(readinessTimeout, "readinessTimeout");
        Objects.requireNonNull(restartBackoffInitial, "restartBackoffInitial");
        Objects.requireNonNull(restartBackoffMax, "restartBackoffMax");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(healthCheckInterval, "healthCheckInterval");
        extraJvmOptions = List.copyOf(Objects.requireNonNull(extraJvmOptions, "extraJvmOptions"));
        requirePositive("heapMb", heapMb);
        requirePositive("maxConcurrency", maxConcurrency);
        if (queueSize < 0) {
            throw new IllegalArgumentException("queueSize must not be negative, was " + queueSize);
        }
        requirePositive("readinessTimeout", readinessTimeout);
        requirePositive("restartBackoffInitial", restartBackoffInitial);
        if (restartBackoffMax.compareTo(restartBackoffInitial) < 0) {
            throw new IllegalArgumentException("restartBackoffMax (" + restartBackoffMax
                    + ") must not be below restartBackoffInitial (" + restartBackoffInitial + ")");
        }
        requirePositive("stopTimeout", stopTimeout);
        requirePositive("requestTimeout", requestTimeout);
        if (healthCheckInterval.isNegative()) {
            throw new IllegalArgumentException("healthCheckInterval must not be negative, was " + healthCheckInterval);
        }
        requirePositive("unhealthyChecksBeforeRestart", unhealthyChecksBeforeRestart);
    }

    /**
     * Defaults: this JVM's own {@code java} and class path, {@link #POD_MAIN_CLASS}, 256 MB heap,
     * 16 concurrent executions with 64 queued, 20 s to become ready, restarts after 0.5 s doubling
     * up to 30 s, 5 s to stop, 10 s per admin request, a health check every 10 s with a restart
     * after 3 failed ones in a row.
     */
    public static LocalPodSettings defaults(Path dataDir) {
        return new LocalPodSettings(
                Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"),
                POD_MAIN_CLASS,
                dataDir,
                256,
                16,
                64,
                Duration.ofSeconds(20),
                Duration.ofMillis(500),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                3,
                List.of());
    }

    public LocalPodSettings withMainClass(String newMainClass) {
        return new LocalPodSettings(javaExecutable, classPath, newMainClass, dataDir, heapMb, maxConcurrency,
                queueSize, readinessTimeout, restartBackoffInitial, restartBackoffMax, stopTimeout, requestTimeout,
                healthCheckInterval, unhealthyChecksBeforeRestart, extraJvmOptions);
    }

    public LocalPodSettings withDataDir(Path newDataDir) {
        return new LocalPodSettings(javaExecutable, classPath, mainClass, newDataDir, heapMb, maxConcurrency,
                queueSize, readinessTimeout, restartBackoffInitial, restartBackoffMax, stopTimeout, requestTimeout,
                healthCheckInterval, unhealthyChecksBeforeRestart, extraJvmOptions);
    }

    public LocalPodSettings withReadinessTimeout(Duration newReadinessTimeout) {
        return new LocalPodSettings(javaExecutable, classPath, mainClass, dataDir, heapMb, maxConcurrency,
                queueSize, newReadinessTimeout, restartBackoffInitial, restartBackoffMax, stopTimeout, requestTimeout,
                healthCheckInterval, unhealthyChecksBeforeRestart, extraJvmOptions);
    }

    public LocalPodSettings withRestartBackoff(Duration initial, Duration max) {
        return new LocalPodSettings(javaExecutable, classPath, mainClass, dataDir, heapMb, maxConcurrency,
                queueSize, readinessTimeout, initial, max, stopTimeout, requestTimeout,
                healthCheckInterval, unhealthyChecksBeforeRestart, extraJvmOptions);
    }

    public LocalPodSettings withHealthCheck(Duration interval, int failuresBeforeRestart, Duration timeout) {
        return new LocalPodSettings(javaExecutable, classPath, mainClass, dataDir, heapMb, maxConcurrency,
                queueSize, readinessTimeout, restartBackoffInitial, restartBackoffMax, stopTimeout, timeout,
                interval, failuresBeforeRestart, extraJvmOptions);
    }

    public LocalPodSettings withExtraJvmOptions(List<String> options) {
        return new LocalPodSettings(javaExecutable, classPath, mainClass, dataDir, heapMb, maxConcurrency,
                queueSize, readinessTimeout, restartBackoffInitial, restartBackoffMax, stopTimeout, requestTimeout,
                healthCheckInterval, unhealthyChecksBeforeRestart, options);
    }

    /**
     * These settings with a user's plan: its heap, concurrency and queue, and a JVM sized for its cores
     * ({@code -XX:ActiveProcessorCount}, placed before the extra options so that an operator's own
     * options still win). The core count shapes the pod's thread pools and garbage collector; it is
     * not a CPU quota, which a child process on this machine does not get.
     */
    public LocalPodSettings withPlan(PodPlan plan) {
        List<String> options = new java.util.ArrayList<>();
        options.add("-XX:ActiveProcessorCount=" + plan.cpus());
        options.addAll(extraJvmOptions);
        return new LocalPodSettings(javaExecutable, classPath, mainClass, dataDir, plan.heapMb(), plan.maxConcurrency(),
                plan.queueSize(), readinessTimeout, restartBackoffInitial, restartBackoffMax, stopTimeout, requestTimeout,
                healthCheckInterval, unhealthyChecksBeforeRestart, options);
    }

    /** The plan of a user nobody set one for: these settings' heap, concurrency and queue, on every core here. */
    public PodPlan defaultPlan() {
        int cores = Math.min(PodPlan.MAX_CPUS, Runtime.getRuntime().availableProcessors());
        return new PodPlan(Math.max(PodPlan.MIN_HEAP_MB, Math.min(PodPlan.MAX_HEAP_MB, heapMb)), cores,
                Math.min(PodPlan.MAX_CONCURRENCY, maxConcurrency), Math.min(PodPlan.MAX_QUEUE, queueSize));
    }

    /** The JVM options a pod is launched with, in order. */
    List<String> jvmOptions() {
        var options = new java.util.ArrayList<String>();
        options.add("-Xmx" + heapMb + "m");
        options.addAll(POD_JVM_OPTIONS);
        options.addAll(extraJvmOptions);
        return options;
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
