package com.wfp.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code GET /api/v1/health}: answers while the control API can serve requests. */
public final class HealthHandler extends ApiHandler {

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        ObjectNode body = ReportJson.mapper().createObjectNode();
        body.put("status", "ok");
        return ApiResponses.json(200, body, request.requestId());
    }
}
