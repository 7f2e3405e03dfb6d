package com.wfp.handlers.access;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.IdentityServices;
import com.wfp.platform.identity.IdentityService;

/**
 * {@code POST /api/v1/tokens} with {@code {"name", "expires"?: "30d", "person"?}}: makes a personal
 * access token and answers 201 with it, shown this once.
 */
public final class CreateTokenHandler extends ApiHandler {

    private final IdentityService identity;

    public CreateTokenHandler(IdentityServices services) {
        this.identity = services.identity();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        JsonNode body = request.jsonObjectBody();
        return ApiResponses.json(201, IdentityJson.created(identity.createToken(request.requiredPrincipal(),
                IdentityJson.text(body, "person"), IdentityJson.text(body, "name"),
                IdentityJson.duration(IdentityJson.text(body, "expires")))), request.requestId());
    }
}
