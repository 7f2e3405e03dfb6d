package com.wfp.platform.telemetry;

import com.wfp.workflow.error.DomainException;

/**
 * What one release did in production over a time window: how many executions, how many of them
 * failed, and the 95th percentile of their durations.
 *
 * @param requests executions counted in the window (dry runs excluded)
 * @param errors   executions among them that ended in an error
 * @param p95Ms    95th percentile of the execution durations in milliseconds; 0 without requests
 */
public record WindowStats(long requests, long errors, double p95Ms) {

    /** A window in which the release received nothing. */
    public static final WindowStats EMPTY = new WindowStats(0, 0, 0);

    public WindowStats {
        if (requests < 0 || errors < 0 || errors > requests || p95Ms < 0 || Double.isNaN(p95Ms)) {
            throw DomainException.badRequest("telemetry.invalid-stats",
                    "Window statistics of " + requests + " requests, " + errors + " errors and p95 " + p95Ms
                            + " ms are impossible",
                    "Count errors among the requests and give a non-negative p95.");
        }
    }

    /** The share of requests that failed, 0 to 1; 0 without requests. */
    public double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }
}
