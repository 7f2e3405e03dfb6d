package com.wfp.handlers.access;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.AccessServices;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.platform.access.ApiKeyService;

/**
 * {@code POST /api/v1/projects/{user}/{project}/keys} with {@code {"name", "workflow"?, "version"?,
 * "permissions"?, "expires"?, "rate"?, "environment"?}}: creates an API key and answers 201 with
 * the key itself, shown this once.
 */
public final class CreateKeyHandler extends ApiHandler {

    private final ApiKeyService keys;

    public CreateKeyHandler(AccessServices services) {
        this.keys = services.keys();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        String user = request.pathParameter("user");
        String project = request.pathParameter("project");
        return ApiResponses.json(201, KeyJson.created(keys.create(
                KeyJson.newKey(request.jsonObjectBody(), user, project), request.actor(user))), request.requestId());
    }
}
