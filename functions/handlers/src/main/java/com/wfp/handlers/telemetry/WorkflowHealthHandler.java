package com.wfp.handlers.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.alert.AlertMonitor;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/health}: healthy, degraded, failing or
 * idle, with the reason (the firing alerts' thresholds, or the last five minutes' calls).
 */
public final class WorkflowHealthHandler extends ApiHandler {

    private final AlertMonitor alerts;

    public WorkflowHealthHandler(AlertMonitor alerts) {
        this.alerts = alerts;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        return ApiResponses.json(200, AlertJson.health(ReportJson.mapper().createObjectNode(),
                alerts.health(request.workflowRef())), request.requestId());
    }
}
