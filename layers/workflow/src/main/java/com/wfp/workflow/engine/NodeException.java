package com.wfp.workflow.engine;

import com.wfp.workflow.error.DomainException;

/**
 * A node failed at run time. Carries what the node's error branch sees besides the error itself
 * (for an {@code http.request}: the status, headers and body of the failed answer).
 */
final class NodeException extends DomainException {

    private final transient Object details;
    private final NodeStatus nodeStatus;

    NodeException(String code, int httpStatus, String message, String hint, Object details, NodeStatus nodeStatus,
                  Throwable cause) {
        super(code, httpStatus, message, hint, cause);
        this.details = details;
        this.nodeStatus = nodeStatus;
    }

    /** Plain values merged into the node's error output, or null. */
    Object details() {
        return details;
    }

    NodeStatus nodeStatus() {
        return nodeStatus;
    }

    static NodeException timeout(String nodeId, long timeoutMs) {
        return new NodeException("node.timeout", 504,
                "Node '" + nodeId + "' did not finish within " + timeoutMs + " ms",
                "Raise the node's timeoutMs or the workflow's settings.timeoutMs, or make the node's work faster.",
                null, NodeStatus.TIMED_OUT, null);
    }
}
