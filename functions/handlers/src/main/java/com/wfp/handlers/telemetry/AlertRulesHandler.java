package com.wfp.handlers.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.alert.AlertMonitor;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/alert-rules}: the workflow's alert
 * rules (the defaults it gets at its first publish when none were set).
 */
public final class AlertRulesHandler extends ApiHandler {

    private final AlertMonitor alerts;

    public AlertRulesHandler(AlertMonitor alerts) {
        this.alerts = alerts;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        return ApiResponses.json(200, AlertJson.rules(ReportJson.mapper().createObjectNode(),
                alerts.rules(request.workflowRef())), request.requestId());
    }
}
