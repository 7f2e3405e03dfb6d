package com.wfp.platform.deployment;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

/**
 * Recent durations of each deployment step, in memory: the mean of the last {@link #WINDOW}
 * runs of a step, or a default before any run. Thread-safe.
 */
public final class StepDurations {

    /** How many recent runs of a step the mean covers. */
    public static final int WINDOW = 20;

    /** Expected durations before any measurement: starting a pod dominates a first publish. */
    public static final Map<DeploymentStep, Long> DEFAULT_MEANS_MS = Map.of(
            DeploymentStep.VALIDATE, 50L,
            DeploymentStep.SNAPSHOT, 30L,
            DeploymentStep.ENSURE_POD, 2_000L,
            DeploymentStep.LOAD, 200L,
            DeploymentStep.HEALTH_CHECK, 300L,
            DeploymentStep.ROUTE, 30L,
            DeploymentStep.DONE, 0L);

    private final Map<DeploymentStep, Deque<Long>> recent = new EnumMap<>(DeploymentStep.class);

    /** Adds one measured run of {@code step}. */
    public synchronized void record(DeploymentStep step, Duration took) {
        Deque<Long> runs = recent.computeIfAbsent(step, s -> new ArrayDeque<>());
        runs.addLast(Math.max(0, took.toMillis()));
        if (runs.size() > WINDOW) {
            runs.removeFirst();
        }
    }

    /** The mean of the recent runs of {@code step} in milliseconds, or its default. */
    public synchronized long meanMs(DeploymentStep step) {
        Deque<Long> runs = recent.get(step);
        if (runs == null || runs.isEmpty()) {
            return DEFAULT_MEANS_MS.get(step);
        }
        long sum = 0;
        for (long r : runs) {
            sum += r;
        }
        return sum / runs.size();
    }
}
