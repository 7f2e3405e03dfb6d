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

/** {@code GET /api/v1/people}: every person (the administrator's route). */
public final class ListPeopleHandler extends ApiHandler {

    private final IdentityService identity;

    public ListPeopleHandler(IdentityServices services) {
        this.identity = services.identity();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        ObjectNode json = ReportJson.mapper().createObjectNode();
        ArrayNode people = json.putArray("people");
        identity.people().forEach(p -> people.add(IdentityJson.person(p)));
        return ApiResponses.json(200, json, request.requestId());
    }
}
