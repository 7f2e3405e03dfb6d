package com.wfp.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.workflow.model.Workflow;
import com.wfp.workflow.model.WorkflowParser;

import java.util.Map;
import java.util.UUID;

/** Builds workflows and requests for engine tests from compact JSON. */
final class Workflows {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final WorkflowParser PARSER = new WorkflowParser();

    private Workflows() {
    }

    /** A workflow from its nodes and edges (JSON array texts); credentials and settings optional. */
    static Workflow workflow(String nodes, String edges) {
        return workflow(nodes, edges, "[]", "{}");
    }

    static Workflow workflow(String nodes, String edges, String credentials, String settings) {
        return PARSER.parse("{\"format\":1,\"id\":\"test-flow\",\"name\":\"Test\",\"nodes\":" + nodes
                + ",\"edges\":" + edges + ",\"credentials\":" + credentials + ",\"settings\":" + settings + "}");
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static ExecutionRequest request(String inputJson) {
        return new ExecutionRequest(UUID.randomUUID().toString(), "POST", "/w/u/p/test-flow",
                Map.of("x-trace", "abc"), Map.of("q", "1"), json(inputJson), false);
    }
}
