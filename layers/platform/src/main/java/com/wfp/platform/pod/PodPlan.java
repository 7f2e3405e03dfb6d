package com.wfp.platform.pod;

import com.wfp.workflow.error.DomainException;

/**
 * What one user's production pod may use: its heap, how many cores it is sized for, how many
 * executions it runs at once and how many it queues beyond that before it answers 429. Each user
 * has one plan; a user without a saved plan gets {@link #defaults()}.
 *
 * @param heapMb         the pod's maximum heap in MiB
 * @param cpus           the cores the pod's JVM sizes itself for (its thread pools and garbage collector)
 * @param maxConcurrency executions the pod runs at once
 * @param queueSize      executions the pod queues beyond {@code maxConcurrency}
 */
public record PodPlan(int heapMb, int cpus, int maxConcurrency, int queueSize) {

    public static final int MIN_HEAP_MB = 64;
    public static final int MAX_HEAP_MB = 16_384;
    public static final int MAX_CPUS = 64;
    public static final int MAX_CONCURRENCY = 1_024;
    public static final int MAX_QUEUE = 10_000;

    public PodPlan {
        check("heapMb", heapMb, MIN_HEAP_MB, MAX_HEAP_MB, "MiB of heap");
        check("cpus", cpus, 1, MAX_CPUS, "cores");
        check("maxConcurrency", maxConcurrency, 1, MAX_CONCURRENCY, "executions at once");
        check("queueSize", queueSize, 0, MAX_QUEUE, "queued executions");
    }

    /** The plan of a user nobody set one for: 256 MiB, 2 cores, 16 executions at once, 64 queued. */
    public static PodPlan defaults() {
        return new PodPlan(256, 2, 16, 64);
    }

    /** This plan with each given value replaced; a null keeps the current one. */
    public PodPlan with(Integer newHeapMb, Integer newCpus, Integer newMaxConcurrency, Integer newQueueSize) {
        return new PodPlan(newHeapMb == null ? heapMb : newHeapMb, newCpus == null ? cpus : newCpus,
                newMaxConcurrency == null ? maxConcurrency : newMaxConcurrency,
                newQueueSize == null ? queueSize : newQueueSize);
    }

    private static void check(String name, int value, int min, int max, String unit) {
        if (value < min || value > max) {
            throw DomainException.badRequest("pod.plan-invalid",
                    "A pod plan's " + name + " must be between " + min + " and " + max + " " + unit + ", was " + value,
                    "Give " + name + " a value from " + min + " to " + max + ".");
        }
    }
}
