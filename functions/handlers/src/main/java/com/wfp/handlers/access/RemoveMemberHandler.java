package com.wfp.handlers.access;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.IdentityServices;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.identity.IdentityService;
import com.wfp.platform.identity.ProjectRef;

/** {@code DELETE /api/v1/projects/{user}/{project}/members/{person}}: ends the membership; 204. */
public final class RemoveMemberHandler extends ApiHandler {

    private final IdentityService identity;

    public RemoveMemberHandler(IdentityServices services) {
        this.identity = services.identity();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        identity.removeMember(new ProjectRef(request.pathParameter("user"), request.pathParameter("project")),
                request.pathParameter("person"));
        return ApiResponses.json(200, ReportJson.mapper().createObjectNode().put("removed", request.pathParameter("person")),
                request.requestId());
    }
}
