package com.wfp.handlers.access;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.identity.Principal;

/** {@code GET /api/v1/whoami}: the caller's principal id and kind, as the credential presented says. */
public final class WhoAmIHandler extends ApiHandler {

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        Principal principal = request.requiredPrincipal();
        var json = ReportJson.mapper().createObjectNode().put("id", principal.id())
                .put("kind", principal.kind().name().toLowerCase(java.util.Locale.ROOT));
        json.put("credential", principal.credential());
        return ApiResponses.json(200, json, request.requestId());
    }
}
