package com.wfp.handlers.access;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.AccessServices;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.platform.access.ApiKeyService;

/**
 * {@code GET /api/v1/projects/{user}/{project}/keys}: the project's keys with their scopes, expiry
 * and last use; never a key itself.
 */
public final class ListKeysHandler extends ApiHandler {

    private final ApiKeyService keys;

    public ListKeysHandler(AccessServices services) {
        this.keys = services.keys();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        return ApiResponses.json(200, KeyJson.list(keys.list(request.pathParameter("user"),
                request.pathParameter("project"))), request.requestId());
    }
}
