package com.wfp.handlers.access;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.IdentityServices;
import com.wfp.platform.identity.IdentityService;
import com.wfp.platform.identity.Person;
import com.wfp.platform.identity.Principal;

/**
 * {@code POST /api/v1/people} with {@code {"id", "name"?}}: adds a person and answers 201 with
 * them and their first personal access token, shown this once (to hand to the person).
 */
public final class CreatePersonHandler extends ApiHandler {

    private final IdentityService identity;

    public CreatePersonHandler(IdentityServices services) {
        this.identity = services.identity();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        JsonNode body = request.jsonObjectBody();
        Person person = identity.createPerson(IdentityJson.text(body, "id"), IdentityJson.text(body, "name"));
        ObjectNode json = IdentityJson.person(person);
        json.set("token", IdentityJson.created(identity.createToken(Principal.admin(), person.id(), "first token", null)));
        return ApiResponses.json(201, json, request.requestId());
    }
}
