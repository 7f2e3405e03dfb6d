package com.wfp.handlers.access;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.platform.secrets.ProjectSecrets;

/** {@code DELETE /api/v1/projects/{user}/{project}/secrets/{name}}: deletes the project's secret. */
public final class DeleteSecretHandler extends ApiHandler {

    private final ProjectSecrets secrets;

    public DeleteSecretHandler(ProjectSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        String user = request.pathParameter("user");
        String project = request.pathParameter("project");
        String name = request.pathParameter("name");
        secrets.delete(user, project, name);
        return ApiResponses.json(200, JsonNodeFactory.instance.objectNode().put("project", user + "/" + project)
                .put("name", name).put("deleted", true), request.requestId());
    }
}
