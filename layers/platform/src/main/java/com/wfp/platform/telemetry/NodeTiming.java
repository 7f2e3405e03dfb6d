package com.wfp.platform.telemetry;

/**
 * One node's part of a recorded execution.
 *
 * @param nodeId         the node
 * @param type           its node type, such as {@code http.request}
 * @param status         how it ended, as the engine names it ({@code SUCCEEDED}, {@code FAILED}, ...)
 * @param durationMicros time spent in the node
 */
public record NodeTiming(String nodeId, String type, String status, long durationMicros) {
}
