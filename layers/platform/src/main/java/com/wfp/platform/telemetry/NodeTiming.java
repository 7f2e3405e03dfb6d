package com.wfp.platform.telemetry;

/**
 * One node's part of a recorded execution.
 *
 * @param nodeId         the node
 * @param type           its node type, such as {@code http.request}
 * @param status         how it ended, as the engine names it ({@code SUCCEEDED}, {@code FAILED}, ...)
 * @param durationMicros time spent in the node
 * @param upstreamHost   the host the node called ({@code http.request}), masked; null for other nodes
 * @param upstreamStatus the HTTP status that host answered, 0 when it did not answer (timed out, refused)
 */
public record NodeTiming(String nodeId, String type, String status, long durationMicros, String upstreamHost,
                         int upstreamStatus) {

    /** A node that called no other host. */
    public NodeTiming(String nodeId, String type, String status, long durationMicros) {
        this(nodeId, type, status, durationMicros, null, 0);
    }
}
