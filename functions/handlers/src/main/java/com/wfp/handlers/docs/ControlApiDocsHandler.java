package com.wfp.handlers.docs;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ControlRoutes;

/** {@code GET /api/v1/openapi.json} (or {@code .yaml}): the OpenAPI 3.1 document of the control API. */
public final class ControlApiDocsHandler extends ApiHandler {

    private final ObjectNode document = ControlApiDocument.of(ControlRoutes.all());

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        return ApiDocuments.answer(request, document);
    }
}
