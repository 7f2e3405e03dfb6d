package com.wfp.handlers.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.alert.AlertMonitor;
import com.wfp.platform.release.ReleaseQueries;
import com.wfp.platform.release.WorkflowRef;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/alert-rules}: the workflow's alert
 * rules (the defaults it gets at its first publish when none were set).
 */
public final class AlertRulesHandler extends ApiHandler {

    private final AlertMonitor alerts;
    private final ReleaseQueries releases;

    public AlertRulesHandler(AlertMonitor alerts, ReleaseQueries releases) {
        this.alerts = alerts;
        this.releases = releases;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        releases.requireKnown(ref);
        return ApiResponses.json(200, AlertJson.rules(ReportJson.mapper().createObjectNode(), alerts.rules(ref)),
                request.requestId());
    }
}
