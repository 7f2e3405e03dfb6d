package com.wfp.handlers.docs;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.platform.docs.ApiDocumentFormats;

import java.util.LinkedHashMap;
import java.util.Map;

/** Answers a generated document as JSON or, for a path ending in {@code .yaml}, as YAML. */
final class ApiDocuments {

    private ApiDocuments() {
    }

    static APIGatewayProxyResponseEvent answer(ApiRequest request, JsonNode document) {
        String path = request.event().getPath();
        if (path == null || !path.endsWith(".yaml")) {
            return ApiResponses.json(200, document, request.requestId());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/yaml; charset=utf-8");
        headers.put(ApiResponses.REQUEST_ID_HEADER, request.requestId());
        return new APIGatewayProxyResponseEvent().withStatusCode(200).withHeaders(headers)
                .withBody(ApiDocumentFormats.yaml(document)).withIsBase64Encoded(false);
    }
}
