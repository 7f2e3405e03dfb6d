package com.wfp.workflow.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One node of a workflow. {@code config} is kept as JSON because each node type has its own
 * shape; validation checks it and the engine reads it through typed accessors.
 *
 * @param id     slug, unique within the workflow
 * @param type   node type such as {@code http.request}
 * @param config the node's configuration object (never null; empty when absent)
 * @param index  position in the document's {@code nodes} array, for JSON paths in findings
 */
public record Node(String id, String type, ObjectNode config, int index) {

    /** JSON path of this node in the document. */
    public String path() {
        return "$.nodes[" + index + "]";
    }
}
