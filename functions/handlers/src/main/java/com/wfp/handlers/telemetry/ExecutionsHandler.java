package com.wfp.handlers.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.release.ReleaseQueries;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.telemetry.ExecutionQuery;
import com.wfp.platform.telemetry.ExecutionRecord;
import com.wfp.platform.telemetry.TelemetryQueries;
import com.wfp.workflow.engine.ExecutionStatus;
import com.wfp.workflow.error.DomainException;

import java.time.Clock;
import java.util.Locale;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/executions?status=&version=&since=&search=&limit=}:
 * the workflow's production executions, newest first, with the telemetry writer's counters (drops).
 */
public final class ExecutionsHandler extends ApiHandler {

    private final TelemetryQueries telemetry;
    private final ReleaseQueries releases;
    private final Clock clock = Clock.systemUTC();

    public ExecutionsHandler(TelemetryQueries telemetry, ReleaseQueries releases) {
        this.telemetry = telemetry;
        this.releases = releases;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        releases.requireKnown(ref);
        ExecutionQuery query = new ExecutionQuery(ref, status(request.query("status")), request.query("version"),
                TelemetryJson.since(request.query("since"), clock), request.query("search"),
                TelemetryJson.limit(request.query("limit"), 100));
        ObjectNode json = ReportJson.mapper().createObjectNode();
        json.put("workflow", ref.path());
        ArrayNode executions = json.putArray("executions");
        for (ExecutionRecord record : telemetry.executions(query)) {
            TelemetryJson.execution(executions.addObject(), record, false);
        }
        TelemetryJson.stats(json.putObject("telemetry"), telemetry.stats());
        return ApiResponses.json(200, json, request.requestId());
    }

    private static ExecutionStatus status(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return ExecutionStatus.valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw DomainException.badRequest("request.invalid-status", "'" + text + "' is not an execution status",
                    "Give status as succeeded, failed, timed_out or rejected.");
        }
    }
}
