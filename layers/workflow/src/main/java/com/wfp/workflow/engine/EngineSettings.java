package com.wfp.workflow.engine;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Bounds and policies of a {@link WorkflowEngine}.
 *
 * @param defaultWorkflowTimeoutMs whole-execution time limit when the workflow's settings set none
 * @param defaultNodeTimeoutMs     time limit of a node that sets none (an {@code http.request} without timeoutMs)
 * @param expressionTimeoutMs      time limit of one expression evaluation
 * @param expressionMaxDepth       evaluation depth limit of one expression (stops runaway recursion)
 * @param maxResponseBytes         largest response body an {@code http.request} node reads
 * @param allowedPrivateHosts      host names (lower case) that {@code http.request} may reach even though they
 *                                 resolve to loopback, private or link-local addresses, for local development;
 *                                 empty means strict. Cloud metadata addresses stay blocked regardless.
 * @param maxParallelNodes         how many blocking nodes (http.request, delay) of one execution run at once
 * @param maxDelayMs               longest a {@code delay} node may wait
 * @param maxRedirects             redirects an {@code http.request} follows
 */
public record EngineSettings(long defaultWorkflowTimeoutMs, long defaultNodeTimeoutMs, long expressionTimeoutMs,
                             int expressionMaxDepth, long maxResponseBytes, Set<String> allowedPrivateHosts,
                             int maxParallelNodes, long maxDelayMs, int maxRedirects) {

    public static final long DELAY_LIMIT_MS = 300_000;

    public EngineSettings {
        requirePositive("defaultWorkflowTimeoutMs", defaultWorkflowTimeoutMs);
        requirePositive("defaultNodeTimeoutMs", defaultNodeTimeoutMs);
        requirePositive("expressionTimeoutMs", expressionTimeoutMs);
        requirePositive("expressionMaxDepth", expressionMaxDepth);
        requirePositive("maxResponseBytes", maxResponseBytes);
        requirePositive("maxParallelNodes", maxParallelNodes);
        if (maxResponseBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxResponseBytes must be below 2 GiB, was " + maxResponseBytes);
        }
        if (maxDelayMs < 0 || maxDelayMs > DELAY_LIMIT_MS) {
            throw new IllegalArgumentException("maxDelayMs must be within 0.." + DELAY_LIMIT_MS + ", was " + maxDelayMs);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must not be negative, was " + maxRedirects);
        }
        allowedPrivateHosts = allowedPrivateHosts.stream()
                .map(h -> h.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Production defaults: 30 s per workflow, 10 s per node, 1 s and depth 300 per expression, 10 MiB responses, strict. */
    public static EngineSettings defaults() {
        return new EngineSettings(30_000, 10_000, 1_000, 300, 10L * 1024 * 1024, Set.of(), 8, DELAY_LIMIT_MS, 5);
    }

    public EngineSettings withAllowedPrivateHosts(Set<String> hosts) {
        return new EngineSettings(defaultWorkflowTimeoutMs, defaultNodeTimeoutMs, expressionTimeoutMs, expressionMaxDepth,
                maxResponseBytes, hosts, maxParallelNodes, maxDelayMs, maxRedirects);
    }

    public EngineSettings withTimeouts(long workflowTimeoutMs, long nodeTimeoutMs, long expressionTimeout) {
        return new EngineSettings(workflowTimeoutMs, nodeTimeoutMs, expressionTimeout, expressionMaxDepth,
                maxResponseBytes, allowedPrivateHosts, maxParallelNodes, maxDelayMs, maxRedirects);
    }

    public EngineSettings withMaxResponseBytes(long bytes) {
        return new EngineSettings(defaultWorkflowTimeoutMs, defaultNodeTimeoutMs, expressionTimeoutMs, expressionMaxDepth,
                bytes, allowedPrivateHosts, maxParallelNodes, maxDelayMs, maxRedirects);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
