package com.wfp.workflow.engine;

/**
 * One node's part of an execution.
 *
 * @param nodeId         the node
 * @param type           its type
 * @param status         how it ended
 * @param durationMicros time spent in the node
 * @param outputBytes    size of its output as JSON
 * @param error          the error, when it failed; null otherwise
 */
public record NodeTrace(String nodeId, String type, NodeStatus status, long durationMicros, long outputBytes,
                        ErrorInfo error) {
}
