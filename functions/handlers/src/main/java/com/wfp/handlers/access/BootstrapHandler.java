package com.wfp.handlers.access;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.IdentityServices;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.identity.CreatedToken;
import com.wfp.platform.identity.IdentityService;
import com.wfp.platform.identity.ProjectRef;

import java.util.Optional;

/**
 * {@code POST /api/v1/bootstrap} with {@code {"person", "project"?}}: the platform's first owner,
 * as the local platform's first start makes one. On a platform without people it adds the person,
 * their project ({@code default} unless named) and a first personal access token, shown this
 * once; on one that has people it changes nothing and shows no token, so calling it again (a
 * retried deploy) is harmless. The administrator's route.
 */
public final class BootstrapHandler extends ApiHandler {

    private final IdentityService identity;

    public BootstrapHandler(IdentityServices services) {
        this.identity = services.identity();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        JsonNode body = request.jsonObjectBody();
        String person = IdentityJson.text(body, "person");
        String project = IdentityJson.text(body, "project");
        ProjectRef ref = new ProjectRef(person, project == null || project.isBlank() ? "default" : project);
        Optional<CreatedToken> first = identity.bootstrap(person, ref);
        ObjectNode json = ReportJson.mapper().createObjectNode();
        json.put("created", first.isPresent());
        if (first.isPresent()) {
            json.put("person", person);
            json.put("project", ref.toString());
            json.set("token", IdentityJson.created(first.get()));
        } else {
            json.put("reason", "The platform has people already; nothing was changed. The administrator gives a "
                    + "person a new token with wfp tokens create --person ID.");
        }
        return ApiResponses.json(200, json, request.requestId());
    }
}
