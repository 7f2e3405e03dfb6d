package com.wfp.workflow.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.workflow.model.Workflow;
import com.wfp.workflow.model.WorkflowParser;

import java.util.List;

/**
 * Workflow documents for tests, written as JSON: a clean base document (trigger -> fetch ->
 * reply) that validates without findings, and small helpers to change one thing in it.
 */
final class Documents {

    static final ObjectMapper JSON = new ObjectMapper();
    static final WorkflowParser PARSER = new WorkflowParser();

    private Documents() {
    }

    static ObjectNode base() {
        return (ObjectNode) json("""
                {
                  "format": 1, "id": "test-flow", "name": "Test flow",
                  "nodes": [
                    { "id": "in", "type": "trigger.http",
                      "config": { "method": "POST", "auth": "apiKey",
                                  "inputSchema": { "type": "object", "required": ["customerId"],
                                                   "properties": { "customerId": { "type": "string" } } },
                                  "example": { "customerId": "C-7" } } },
                    { "id": "fetch", "type": "http.request",
                      "config": { "method": "GET", "url": "https://api.example.com/customers/{{ input.customerId }}",
                                  "headers": { "Authorization": "Bearer {{ $secret('crm') }}" }, "timeoutMs": 3000 } },
                    { "id": "reply", "type": "respond", "config": { "status": 200, "body": "nodes.fetch.body" } }
                  ],
                  "edges": [ { "from": "in", "to": "fetch" }, { "from": "fetch", "to": "reply" } ],
                  "credentials": [ { "name": "crm", "type": "bearer" } ],
                  "settings": { "timeoutMs": 30000 }
                }
                """);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("test JSON does not parse: " + text, e);
        }
    }

    static Workflow workflow(JsonNode document) {
        return PARSER.parseTree(document);
    }

    static ArrayNode nodes(ObjectNode doc) {
        return (ArrayNode) doc.get("nodes");
    }

    static ArrayNode edges(ObjectNode doc) {
        return (ArrayNode) doc.get("edges");
    }

    static ObjectNode node(ObjectNode doc, String id) {
        for (JsonNode n : nodes(doc)) {
            if (id.equals(n.path("id").asText())) {
                return (ObjectNode) n;
            }
        }
        throw new IllegalArgumentException("no node " + id);
    }

    static ObjectNode config(ObjectNode doc, String id) {
        return (ObjectNode) node(doc, id).get("config");
    }

    static ObjectNode addNode(ObjectNode doc, String id, String type, String configJson) {
        ObjectNode n = nodes(doc).addObject();
        n.put("id", id);
        n.put("type", type);
        n.set("config", json(configJson));
        return n;
    }

    static ObjectNode addEdge(ObjectNode doc, String from, String to, String branch) {
        ObjectNode e = edges(doc).addObject();
        e.put("from", from);
        e.put("to", to);
        if (branch != null) {
            e.put("branch", branch);
        }
        return e;
    }

    /** Replaces all edges. Each entry is "from>to" or "from>to:branch". */
    static void setEdges(ObjectNode doc, String... edges) {
        ArrayNode array = edges(doc);
        array.removeAll();
        for (String e : edges) {
            String[] fromRest = e.split(">", 2);
            String[] toBranch = fromRest[1].split(":", 2);
            addEdge(doc, fromRest[0], toBranch[0], toBranch.length > 1 ? toBranch[1] : null);
        }
    }

    static ValidationReport validate(JsonNode doc) {
        return new WorkflowValidator().validate(workflow(doc));
    }

    static List<String> codes(JsonNode doc) {
        return validate(doc).findings().stream().map(Finding::code).toList();
    }

    static List<Finding> findings(JsonNode doc, String code) {
        return validate(doc).findings().stream().filter(f -> f.code().equals(code)).toList();
    }
}
