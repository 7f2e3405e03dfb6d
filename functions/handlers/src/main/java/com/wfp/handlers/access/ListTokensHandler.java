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

/** {@code GET /api/v1/tokens[?person=ID]}: the caller's tokens (the admin may name a person); never the tokens. */
public final class ListTokensHandler extends ApiHandler {

    private final IdentityService identity;

    public ListTokensHandler(IdentityServices services) {
        this.identity = services.identity();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        ObjectNode json = ReportJson.mapper().createObjectNode();
        ArrayNode tokens = json.putArray("tokens");
        identity.tokens(request.requiredPrincipal(), request.query("person"))
                .forEach(t -> tokens.add(IdentityJson.token(t)));
        return ApiResponses.json(200, json, request.requestId());
    }
}
