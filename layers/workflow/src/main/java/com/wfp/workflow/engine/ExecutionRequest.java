package com.wfp.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * One call of a workflow, as the trigger sees it.
 *
 * @param executionId unique id of this execution (the pod or gateway assigns it)
 * @param method      HTTP method of the call
 * @param path        request path
 * @param headers     request headers, lower-case names
 * @param query       query parameters: each one's value, or the list of its values when the query repeats it
 * @param input       the parsed JSON body (NullNode when the body was empty)
 * @param shadow      true when this is a mirrored copy whose response is discarded
 */
public record ExecutionRequest(String executionId, String method, String path, Map<String, String> headers,
                               Map<String, Object> query, JsonNode input, boolean shadow) {

    public ExecutionRequest {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
    }
}
