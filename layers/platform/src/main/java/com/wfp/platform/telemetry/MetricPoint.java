package com.wfp.platform.telemetry;

import com.wfp.platform.release.ReleaseId;

import java.time.Instant;

/**
 * One release's production calls over one step of a metrics series.
 *
 * @param start  the step's start
 * @param calls  calls forwarded to the release
 * @param errors calls answered 500 or above, or not at all
 * @param p50Ms  median latency in milliseconds, read from the step's merged histogram
 * @param p95Ms  95th percentile
 * @param p99Ms  99th percentile
 */
public record MetricPoint(ReleaseId releaseId, String version, Instant start, long calls, long errors, double p50Ms,
                          double p95Ms, double p99Ms) {

    /** The share of calls that failed, 0 to 1. */
    public double errorRate() {
        return calls == 0 ? 0 : (double) errors / calls;
    }
}
