package com.wfp.handlers.access;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.IdentityServices;
import com.wfp.platform.identity.IdentityService;
import com.wfp.platform.identity.Principal;
import com.wfp.platform.identity.Project;
import com.wfp.platform.identity.ProjectRef;
import com.wfp.platform.identity.Role;

/**
 * {@code POST /api/v1/projects} with {@code {"name": "shop"}} (the admin may add {@code "user"}):
 * creates the project under the caller's id; answers 201 with it and the caller's role.
 */
public final class CreateProjectHandler extends ApiHandler {

    private final IdentityService identity;

    public CreateProjectHandler(IdentityServices services) {
        this.identity = services.identity();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        JsonNode body = request.jsonObjectBody();
        Principal caller = request.requiredPrincipal();
        String user = IdentityJson.text(body, "user");
        Project project = identity.createProject(caller,
                new ProjectRef(user == null ? caller.id() : user, IdentityJson.text(body, "name")));
        return ApiResponses.json(201, IdentityJson.project(new IdentityService.ProjectView(project, Role.OWNER)),
                request.requestId());
    }
}
