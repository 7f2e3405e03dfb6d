package com.wfp.handlers.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;

/** {@code GET /api/v1/health}: answers while the control API can serve requests. */
public final class HealthHandler extends ApiHandler {

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        ObjectNode body = ReportJson.mapper().createObjectNode();
        body.put("status", "ok");
        return ApiResponses.json(200, body, request.requestId());
    }
}
