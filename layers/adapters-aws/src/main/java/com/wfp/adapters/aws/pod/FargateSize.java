package com.wfp.adapters.aws.pod;

import com.wfp.platform.pod.PodPlan;
import com.wfp.workflow.error.DomainException;

/**
 * The Fargate task size for a pod plan: the smallest CPU and memory pair Fargate accepts that
 * gives the plan's cores and room for its heap (the heap is three quarters of the task's memory,
 * as the pod image's {@code MaxRAMPercentage=75} assumes).
 *
 * @param cpuUnits 1024 per vCPU
 * @param memoryMb the task's memory
 */
public record FargateSize(int cpuUnits, int memoryMb) {

    private static final int[] CPU_UNITS = {1024, 2048, 4096, 8192, 16384};
    // Per CPU size above: the smallest memory, the largest, and the step between them (Fargate's table).
    private static final int[][] MEMORY = {{2048, 8192, 1024}, {4096, 16384, 1024}, {8192, 30720, 1024},
            {16384, 61440, 4096}, {32768, 122880, 8192}};

    /**
     * @throws DomainException 400 {@code pod.plan-too-large} when no Fargate size holds the plan
     */
    public static FargateSize of(PodPlan plan) {
        int neededMemory = (int) Math.ceil(plan.heapMb() / 0.75);
        for (int i = 0; i < CPU_UNITS.length; i++) {
            if (CPU_UNITS[i] < plan.cpus() * 1024) {
                continue;
            }
            int[] range = MEMORY[i];
            int memory = Math.max(range[0], roundUp(neededMemory, range[2]));
            if (memory <= range[1]) {
                return new FargateSize(CPU_UNITS[i], memory);
            }
        }
        throw DomainException.badRequest("pod.plan-too-large",
                "No Fargate task has " + plan.cpus() + " vCPU and room for a " + plan.heapMb() + " MiB heap",
                "Give the plan at most 16 cores and a heap of at most 92160 MiB.");
    }

    private static int roundUp(int value, int step) {
        return (value + step - 1) / step * step;
    }
}
