package com.wfp.workflow.net.http;

/**
 * Retries of an idempotent request after a 5xx answer or a timeout.
 *
 * @param maxAttempts attempts in total, 1 means no retry (1..10)
 * @param backoffMs   wait before the first retry; doubles for each further retry (0..60000)
 */
public record RetryPolicy(int maxAttempts, long backoffMs) {

    public static final RetryPolicy NONE = new RetryPolicy(1, 0);
    public static final int MAX_ATTEMPTS = 10;
    public static final long MAX_BACKOFF_MS = 60_000;

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("maxAttempts must be within 1.." + MAX_ATTEMPTS + ", was " + maxAttempts);
        }
        if (backoffMs < 0 || backoffMs > MAX_BACKOFF_MS) {
            throw new IllegalArgumentException("backoffMs must be within 0.." + MAX_BACKOFF_MS + ", was " + backoffMs);
        }
    }

    /** Wait before the given retry (1 = first retry). */
    public long backoffBefore(int retry) {
        return Math.min(MAX_BACKOFF_MS, backoffMs << Math.min(16, retry - 1));
    }
}
