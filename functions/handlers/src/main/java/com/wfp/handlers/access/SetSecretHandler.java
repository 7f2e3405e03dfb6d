package com.wfp.handlers.access;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.platform.secrets.ProjectSecrets;
import com.wfp.workflow.error.DomainException;

/**
 * {@code PUT /api/v1/projects/{user}/{project}/secrets/{name}} with {@code {"value"}}: sets the
 * project's secret, sealed before it is stored; answers its name and time, never the value.
 */
public final class SetSecretHandler extends ApiHandler {

    private final ProjectSecrets secrets;

    public SetSecretHandler(ProjectSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        String user = request.pathParameter("user");
        String project = request.pathParameter("project");
        JsonNode value = request.jsonObjectBody().get("value");
        if (value == null || !value.isTextual()) {
            throw DomainException.badRequest("secret.empty-value", "The body must hold the secret as {\"value\": \"...\"}",
                    "Send the value as a JSON string, or use wfp secrets set NAME, which reads it from stdin.");
        }
        return ApiResponses.json(200, SecretJson.secret(user, project,
                secrets.set(user, project, request.pathParameter("name"), value.textValue())), request.requestId());
    }
}
