package com.wfp.workflow.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed format-1 workflow document. Immutable; {@link #document()} is the document as sent
 * (a defensive copy), used for canonical JSON, fingerprints and the literal-secret scan.
 */
public record Workflow(
        int format,
        String id,
        String name,
        String description,
        List<Node> nodes,
        List<Edge> edges,
        List<Credential> credentials,
        ObjectNode settings,
        ObjectNode document) {

    public static final int FORMAT = 1;

    public Workflow {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
        credentials = List.copyOf(credentials);
    }

    /** First node with this id (ids should be unique; duplicates are a validation finding). */
    public Optional<Node> node(String nodeId) {
        for (Node n : nodes) {
            if (n.id().equals(nodeId)) {
                return Optional.of(n);
            }
        }
        return Optional.empty();
    }

    /** Nodes by id, first occurrence wins, in document order. */
    public Map<String, Node> nodesById() {
        Map<String, Node> byId = new LinkedHashMap<>();
        for (Node n : nodes) {
            byId.putIfAbsent(n.id(), n);
        }
        return byId;
    }

    /** The workflow-level timeout, or the given default when not set. */
    public long timeoutMs(long defaultMs) {
        return settings != null && settings.path("timeoutMs").canConvertToLong()
                ? settings.path("timeoutMs").asLong() : defaultMs;
    }
}
