package com.wfp.handlers.publishing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.release.ProjectWorkflows;

import java.util.Locale;

/**
 * {@code GET /api/v1/projects/{user}/{project}/workflows}: every published workflow of the project
 * with its state, live version, traffic split and health (null where the host judges none).
 */
public final class ListWorkflowsHandler extends ApiHandler {

    private final ProjectWorkflows workflows;

    public ListWorkflowsHandler(ProjectWorkflows workflows) {
        this.workflows = workflows;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        String user = request.pathParameter("user");
        String project = request.pathParameter("project");
        ObjectNode json = ReportJson.mapper().createObjectNode();
        json.put("project", user + "/" + project);
        ArrayNode list = json.putArray("workflows");
        for (ProjectWorkflows.Summary summary : workflows.list(user, project)) {
            ObjectNode row = list.addObject();
            row.put("workflow", summary.ref().path());
            row.put("state", summary.state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            row.put("liveVersion", summary.liveVersion());
            ArrayNode traffic = row.putArray("traffic");
            summary.traffic().forEach(share -> traffic.addObject().put("version", share.version())
                    .put("releaseId", share.releaseId().value()).put("percent", share.percent()));
            row.put("retiredReason", summary.retiredReason());
            if (summary.health() == null) {
                row.putNull("health");
            } else {
                row.putObject("health").put("state", summary.health().state().label())
                        .put("reason", summary.health().reason());
            }
        }
        return ApiResponses.json(200, json, request.requestId());
    }
}
