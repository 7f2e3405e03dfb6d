package com.wfp.platform.telemetry;

import java.time.Instant;
import java.util.List;

/**
 * What production telemetry says about one workflow over a window, by class, each class with a
 * hint: the error groups with most failures, the ones rising, the error rate of each release, the
 * slowest nodes and the hosts that nodes call which time out or answer 4xx/5xx.
 *
 * @param since the window's start; node and host figures are read from the newest
 *              {@value TelemetryQueries#INSIGHT_EXECUTIONS} executions in the window, error groups
 *              and release figures from all of it
 */
public record Insights(Instant since, List<GroupCount> topGroups, List<Rising> risingGroups,
                       List<ReleaseRate> releases, List<NodeLatency> slowestNodes, List<UpstreamHost> upstreams,
                       String hint) {

    /** An error group with its failures in the window. */
    public record GroupCount(ErrorGroup group, long count, String hint) {
    }

    /** An error group whose failures in the window's second half are well above its first half's. */
    public record Rising(ErrorGroup group, long earlier, long later, String hint) {
    }

    /** One release's calls and errors in the window, from the minute metrics. */
    public record ReleaseRate(String version, String releaseId, long calls, long errors, double errorRate,
                              String hint) {
    }

    /** One node's time in the executions read, by percentiles of an HdrHistogram. */
    public record NodeLatency(String nodeId, String type, long calls, double p50Ms, double p95Ms, double maxMs,
                              String hint) {
    }

    /**
     * One host that nodes called, and how it answered.
     *
     * @param timeouts   calls that timed out
     * @param noAnswer   calls it did not answer otherwise (refused, reset, name not found)
     * @param clientErrors answers 400-499
     * @param serverErrors answers 500-599
     */
    public record UpstreamHost(String host, long calls, long timeouts, long noAnswer, long clientErrors,
                               long serverErrors, double p95Ms, String hint) {

        /** Whether anything went wrong with it. */
        public boolean troubled() {
            return timeouts + noAnswer + clientErrors + serverErrors > 0;
        }
    }
}
