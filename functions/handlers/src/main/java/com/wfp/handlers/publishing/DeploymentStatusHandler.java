package com.wfp.handlers.publishing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ProductionUrls;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ControlServices;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.PublishService;

/**
 * {@code GET /api/v1/deployments/{id}}: state, current step, percentage, ETA, each step's start,
 * end and outcome, the failure with its hint, and on success the production URLs.
 */
public final class DeploymentStatusHandler extends ApiHandler {

    private final PublishService publishing;
    private final ProductionUrls urls;

    public DeploymentStatusHandler(ControlServices services) {
        this.publishing = services.publishing();
        this.urls = services.urls();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        DeploymentId id = new DeploymentId(request.pathParameter("id"));
        return ApiResponses.json(200, PublishingJson.status(publishing.status(id), urls), request.requestId());
    }
}
