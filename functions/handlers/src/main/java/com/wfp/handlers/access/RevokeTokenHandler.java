package com.wfp.handlers.access;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.IdentityServices;
import com.wfp.platform.identity.IdentityService;

/** {@code DELETE /api/v1/tokens/{id}}: revokes one of the caller's tokens, refused from the next call on. */
public final class RevokeTokenHandler extends ApiHandler {

    private final IdentityService identity;

    public RevokeTokenHandler(IdentityServices services) {
        this.identity = services.identity();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        return ApiResponses.json(200, IdentityJson.token(identity.revokeToken(request.requiredPrincipal(),
                request.pathParameter("id"))), request.requestId());
    }
}
