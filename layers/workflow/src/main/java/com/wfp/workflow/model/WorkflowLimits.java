package com.wfp.workflow.model;

/**
 * Hard limits on a workflow document, enforced while reading it so that an oversized or hostile
 * document is rejected in bounded time and memory, before any validation or execution work.
 *
 * @param maxDocumentBytes size of the raw document
 * @param maxNodes         entries in {@code nodes}
 * @param maxEdges         entries in {@code edges}
 * @param maxDepth         JSON nesting depth (objects and arrays)
 * @param maxStringLength  characters in any one string value or key
 */
public record WorkflowLimits(int maxDocumentBytes, int maxNodes, int maxEdges, int maxDepth, int maxStringLength) {

    /** The limits the README documents. */
    public static final WorkflowLimits DEFAULT = new WorkflowLimits(1024 * 1024, 500, 2000, 64, 65_536);
}
