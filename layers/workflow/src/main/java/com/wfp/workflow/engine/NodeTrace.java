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
 * @param upstreamHost   for a node that calls out ({@code http.request}): the host it called (no scheme, path or
 *                       query, so no credential a URL carries), redacted like errors; null for other nodes
 * @param upstreamStatus the HTTP status the host answered, or 0 when it did not answer (timeout, refused)
 */
public record NodeTrace(String nodeId, String type, NodeStatus status, long durationMicros, long outputBytes,
                        ErrorInfo error, String upstreamHost, int upstreamStatus) {

    /** A node that calls no other host. */
    public NodeTrace(String nodeId, String type, NodeStatus status, long durationMicros, long outputBytes,
                     ErrorInfo error) {
        this(nodeId, type, status, durationMicros, outputBytes, error, null, 0);
    }
}
