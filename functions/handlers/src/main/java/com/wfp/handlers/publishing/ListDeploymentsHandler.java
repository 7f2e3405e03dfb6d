package com.wfp.handlers.publishing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ProductionUrls;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ControlServices;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.deployment.DeploymentStatus;
import com.wfp.platform.deployment.PublishService;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/deployments?limit=}: the workflow's
 * latest deployments, newest first (20 unless {@code limit} says 1 to 100), each in the shape of
 * {@code GET /deployments/{id}}: state, step, steps with their times, failure with its reason.
 */
public final class ListDeploymentsHandler extends ApiHandler {

    private static final int DEFAULT_LIMIT = 20;

    private final PublishService publishing;
    private final ProductionUrls urls;

    public ListDeploymentsHandler(ControlServices services) {
        this.publishing = services.publishing();
        this.urls = services.urls();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        ObjectNode json = ReportJson.mapper().createObjectNode();
        json.put("workflow", ref.path());
        ArrayNode list = json.putArray("deployments");
        for (DeploymentStatus status : publishing.recentDeployments(ref, limit(request.query("limit")))) {
            list.add(PublishingJson.status(status, urls));
        }
        return ApiResponses.json(200, json, request.requestId());
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw DomainException.badRequest("request.invalid-limit", "The limit '"
                    + (text.length() <= 40 ? text : text.substring(0, 40) + "...") + "' is not a number",
                    "Give limit as a whole number from 1 to " + PublishService.MAX_RECENT_DEPLOYMENTS + ".");
        }
    }
}
