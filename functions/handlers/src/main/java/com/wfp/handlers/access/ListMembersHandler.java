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
import com.wfp.platform.identity.ProjectRef;

/** {@code GET /api/v1/projects/{user}/{project}/members}: the owner, then every member with their role. */
public final class ListMembersHandler extends ApiHandler {

    private final IdentityService identity;

    public ListMembersHandler(IdentityServices services) {
        this.identity = services.identity();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        ObjectNode json = ReportJson.mapper().createObjectNode();
        ArrayNode members = json.putArray("members");
        identity.members(new ProjectRef(request.pathParameter("user"), request.pathParameter("project")))
                .forEach(m -> members.add(IdentityJson.member(m)));
        return ApiResponses.json(200, json, request.requestId());
    }
}
