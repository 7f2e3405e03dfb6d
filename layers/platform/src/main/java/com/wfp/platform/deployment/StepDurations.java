package com.wfp.platform.deployment;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Recent measured durations of each deployment step, cold pod and warm pod apart: the mean of the
 * last {@link #WINDOW} runs of a step for that kind of start. Before any run of its own, a step
 * that does not depend on the pod (validate, snapshot, route) takes the other kind's runs, and
 * any other step its default. Held in memory by the {@link PublishService} that runs the
 * publishes, so it starts from the defaults after a restart. Thread-safe.
 */
public final class StepDurations {

    /** How many recent runs of a step the mean covers. */
    public static final int WINDOW = 20;

    /** Expected durations with a warm pod before any measurement (the warm publish p50 is about 80 ms). */
    public static final Map<DeploymentStep, Long> WARM_DEFAULTS_MS = Map.of(
            DeploymentStep.VALIDATE, 20L,
            DeploymentStep.SNAPSHOT, 15L,
            DeploymentStep.ENSURE_POD, 5L,
            DeploymentStep.LOAD, 30L,
            DeploymentStep.HEALTH_CHECK, 40L,
            DeploymentStep.ROUTE, 15L,
            DeploymentStep.DONE, 0L);

    /** Expected durations with a cold pod before any measurement: starting the pod dominates (about 1.5 s). */
    public static final Map<DeploymentStep, Long> COLD_DEFAULTS_MS = Map.of(
            DeploymentStep.VALIDATE, 20L,
            DeploymentStep.SNAPSHOT, 15L,
            DeploymentStep.ENSURE_POD, 1_200L,
            DeploymentStep.LOAD, 200L,
            DeploymentStep.HEALTH_CHECK, 300L,
            DeploymentStep.ROUTE, 15L,
            DeploymentStep.DONE, 0L);

    private static final Set<DeploymentStep> POD_INDEPENDENT =
            Set.of(DeploymentStep.VALIDATE, DeploymentStep.SNAPSHOT, DeploymentStep.ROUTE);

    private final Map<PodStart, Map<DeploymentStep, Deque<Long>>> recent = new EnumMap<>(PodStart.class);

    /** Adds one measured run of {@code step} in a publish whose pod start was {@code start}. */
    public synchronized void record(PodStart start, DeploymentStep step, Duration took) {
        Deque<Long> runs = recent.computeIfAbsent(start, s -> new EnumMap<>(DeploymentStep.class))
                .computeIfAbsent(step, s -> new ArrayDeque<>());
        runs.addLast(Math.max(0, took.toMillis()));
        if (runs.size() > WINDOW) {
            runs.removeFirst();
        }
    }

    /** The mean of the recent runs of {@code step} for {@code start} in milliseconds, or its fallback. */
    public synchronized long meanMs(PodStart start, DeploymentStep step) {
        Deque<Long> runs = runs(start, step);
        if (runs.isEmpty() && POD_INDEPENDENT.contains(step)) {
            runs = runs(start == PodStart.COLD ? PodStart.WARM : PodStart.COLD, step);
        }
        if (runs.isEmpty()) {
            return (start == PodStart.COLD ? COLD_DEFAULTS_MS : WARM_DEFAULTS_MS).get(step);
        }
        long sum = 0;
        for (long r : runs) {
            sum += r;
        }
        return sum / runs.size();
    }

    /** How many runs of {@code step} for {@code start} the mean covers now (0: it is a fallback). */
    public synchronized int samples(PodStart start, DeploymentStep step) {
        return runs(start, step).size();
    }

    private Deque<Long> runs(PodStart start, DeploymentStep step) {
        Map<DeploymentStep, Deque<Long>> byStep = recent.get(start);
        Deque<Long> runs = byStep == null ? null : byStep.get(step);
        return runs == null ? new ArrayDeque<>() : runs;
    }
}
