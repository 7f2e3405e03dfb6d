package com.wfp.handlers.access;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.platform.secrets.ProjectSecrets;

/** {@code GET /api/v1/projects/{user}/{project}/secrets}: the project's secrets by name, never a value. */
public final class ListSecretsHandler extends ApiHandler {

    private final ProjectSecrets secrets;

    public ListSecretsHandler(ProjectSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        String user = request.pathParameter("user");
        String project = request.pathParameter("project");
        return ApiResponses.json(200, SecretJson.list(user, project, secrets.list(user, project)), request.requestId());
    }
}
