package com.wfp.handlers.access;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.IdentityServices;
import com.wfp.platform.identity.IdentityService;
import com.wfp.platform.identity.ProjectRef;
import com.wfp.platform.identity.Role;

/** {@code PUT /api/v1/projects/{user}/{project}/members/{person}} with {@code {"role": "developer"}}: gives the role. */
public final class PutMemberHandler extends ApiHandler {

    private final IdentityService identity;

    public PutMemberHandler(IdentityServices services) {
        this.identity = services.identity();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        JsonNode body = request.jsonObjectBody();
        ProjectRef project = new ProjectRef(request.pathParameter("user"), request.pathParameter("project"));
        return ApiResponses.json(200, IdentityJson.member(identity.putMember(request.requiredPrincipal(), project,
                request.pathParameter("person"), Role.parse(IdentityJson.text(body, "role")))), request.requestId());
    }
}
