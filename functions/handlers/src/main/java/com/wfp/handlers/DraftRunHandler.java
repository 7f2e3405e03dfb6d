package com.wfp.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.platform.release.DraftService;

/**
 * {@code POST /api/v1/workflows/{user}/{project}/{workflow}/draft/run}: body
 * {@code {"definition": {...}?, "input": {...}}}; runs the definition (the saved draft when
 * absent) once in the user's debug pod and answers {@code {status, body, trace, pod}}.
 */
public final class DraftRunHandler extends ApiHandler {

    private final DraftService drafts;

    public DraftRunHandler(ControlServices services) {
        this.drafts = services.drafts();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        JsonNode body = request.jsonObjectBody();
        JsonNode definition = body.get("definition");
        JsonNode input = body.get("input");
        var result = drafts.run(request.workflowRef(),
                definition == null || definition.isNull() ? null : definition.toString(),
                input == null ? null : input.toString());
        return ApiResponses.json(200, PublishingJson.draftRun(result), request.requestId());
    }
}
