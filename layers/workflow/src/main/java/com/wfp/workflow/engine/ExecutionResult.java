package com.wfp.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * What the caller gets back, plus the trace of how it was produced.
 *
 * @param status  HTTP status to answer with
 * @param headers response headers set by the {@code respond} node
 * @param body    response body (JSON)
 * @param trace   the execution trace
 */
public record ExecutionResult(int status, Map<String, String> headers, JsonNode body, ExecutionTrace trace) {

    public ExecutionResult {
        headers = Map.copyOf(headers);
    }
}
