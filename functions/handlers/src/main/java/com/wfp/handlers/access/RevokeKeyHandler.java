package com.wfp.handlers.access;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.AccessServices;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.platform.access.ApiKeyService;

/**
 * {@code DELETE /api/v1/projects/{user}/{project}/keys/{id}}: revokes the key, refused from the
 * next production call on; answers the key as now stored.
 */
public final class RevokeKeyHandler extends ApiHandler {

    private final ApiKeyService keys;

    public RevokeKeyHandler(AccessServices services) {
        this.keys = services.keys();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        String id = request.pathParameter("id");
        KeyJson.inProject(keys, id, request.pathParameter("user"), request.pathParameter("project"));
        return ApiResponses.json(200, KeyJson.key(keys.revoke(id)), request.requestId());
    }
}
