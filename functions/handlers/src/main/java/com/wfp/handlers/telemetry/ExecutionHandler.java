package com.wfp.handlers.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.telemetry.ExecutionRecord;
import com.wfp.platform.telemetry.TelemetryQueries;

/**
 * {@code GET /api/v1/executions/{id}}: one production execution with its per-node timings and, when
 * it failed, the node, error code and type, message, stack trace and masked input; 404 when none
 * was recorded, and the same 404 for an execution of a project the caller may not read, so an id
 * tells nobody else whether it exists.
 */
public final class ExecutionHandler extends ApiHandler {

    private final TelemetryQueries telemetry;

    public ExecutionHandler(TelemetryQueries telemetry) {
        this.telemetry = telemetry;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        String id = request.pathParameter("id");
        ExecutionRecord record = telemetry.execution(id);
        java.util.Optional<java.util.Set<String>> visible = request.visibleProjects();
        if (visible.isPresent() && !visible.get().contains(record.ref().user() + "/" + record.ref().project())) {
            throw TelemetryQueries.unknownExecution(id);
        }
        return ApiResponses.json(200, TelemetryJson.execution(ReportJson.mapper().createObjectNode(), record, true),
                request.requestId());
    }
}
