package com.wfp.handlers.access;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.AccessServices;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.access.ApiKeyService;


/**
 * {@code POST /api/v1/projects/{user}/{project}/keys/{id}/rotate} with {@code {"overlap": "24h"}}
 * (optional, at most 7 days): answers 201 with the replacement key, shown this once; the old key
 * keeps working for the overlap, then stops.
 */
public final class RotateKeyHandler extends ApiHandler {

    private final ApiKeyService keys;

    public RotateKeyHandler(AccessServices services) {
        this.keys = services.keys();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        String id = request.pathParameter("id");
        String user = request.pathParameter("user");
        KeyJson.inProject(keys, id, user, request.pathParameter("project"));
        JsonNode body = request.body().length == 0 ? ReportJson.mapper().createObjectNode() : request.jsonObjectBody();
        return ApiResponses.json(201, KeyJson.created(keys.rotate(id,
                KeyJson.duration(KeyJson.text(body, "overlap"), "overlap"), request.actor(user))), request.requestId());
    }
}
