package com.wfp.handlers.access;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.IdentityServices;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.identity.IdentityService;

/** {@code GET /api/v1/projects}: the projects the caller can read, each with the caller's role; never another's. */
public final class ListProjectsHandler extends ApiHandler {

    private final IdentityService identity;

    public ListProjectsHandler(IdentityServices services) {
        this.identity = services.identity();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        ObjectNode json = ReportJson.mapper().createObjectNode();
        ArrayNode projects = json.putArray("projects");
        identity.projects(request.requiredPrincipal()).forEach(view -> projects.add(IdentityJson.project(view)));
        return ApiResponses.json(200, json, request.requestId());
    }
}
