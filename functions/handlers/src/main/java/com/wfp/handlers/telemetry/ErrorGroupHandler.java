package com.wfp.handlers.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.telemetry.ErrorGroupReport;
import com.wfp.platform.telemetry.TelemetryQueries;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/errors/{fingerprint}}: one error group
 * with its trend per day, the last 24 hours against the 24 before, its newest recorded failure
 * (stack trace, masked input, the execution's context and node timings) and the rollback hint.
 */
public final class ErrorGroupHandler extends ApiHandler {

    private final TelemetryQueries telemetry;

    public ErrorGroupHandler(TelemetryQueries telemetry) {
        this.telemetry = telemetry;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        ErrorGroupReport report = telemetry.errorGroup(ref, request.pathParameter("fingerprint"));
        ObjectNode json = ReportJson.mapper().createObjectNode();
        json.put("workflow", ref.path());
        TelemetryJson.errorGroup(json.putObject("group"), report.group());
        ArrayNode trend = json.putArray("trend");
        report.trend().forEach(d -> trend.addObject().put("day", d.day().toString()).put("count", d.count()));
        json.put("lastDay", report.lastDay());
        json.put("dayBefore", report.dayBefore());
        json.put("direction", report.direction());
        if (report.latest() == null) {
            json.putNull("latest");
        } else {
            TelemetryJson.execution(json.putObject("latest"), report.latest(), true);
        }
        json.put("rollbackHint", report.rollbackHint());
        return ApiResponses.json(200, json, request.requestId());
    }
}
