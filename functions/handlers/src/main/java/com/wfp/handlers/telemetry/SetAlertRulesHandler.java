package com.wfp.handlers.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.alert.AlertMonitor;
import com.wfp.platform.alert.AlertRules;
import com.wfp.platform.release.ReleaseQueries;
import com.wfp.platform.release.WorkflowRef;

import java.time.Instant;

/**
 * {@code PUT /api/v1/workflows/{user}/{project}/{workflow}/alert-rules} with any of
 * {@code maxErrorRatePercent}, {@code errorRateWindowSeconds}, {@code maxP95Ms},
 * {@code p95WindowSeconds}, {@code podDown}, {@code noCallsMinutes}, {@code minCalls} (the others
 * keep their values): saves the rules, judged from the next evaluation on.
 */
public final class SetAlertRulesHandler extends ApiHandler {

    private final AlertMonitor alerts;
    private final ReleaseQueries releases;

    public SetAlertRulesHandler(AlertMonitor alerts, ReleaseQueries releases) {
        this.alerts = alerts;
        this.releases = releases;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        releases.requireKnown(ref);
        AlertRules rules = AlertJson.rules(request.jsonObjectBody(), alerts.rules(ref), ref, Instant.now(),
                request.actor(ref.user()));
        return ApiResponses.json(200, AlertJson.rules(ReportJson.mapper().createObjectNode(), alerts.setRules(rules)),
                request.requestId());
    }
}
