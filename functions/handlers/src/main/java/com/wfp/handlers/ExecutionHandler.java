package com.wfp.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.platform.telemetry.TelemetryQueries;

/**
 * {@code GET /api/v1/executions/{id}}: one production execution with its per-node timings and, when
 * it failed, the node, error code and type, message, stack trace and masked input; 404 when none
 * was recorded.
 */
public final class ExecutionHandler extends ApiHandler {

    private final TelemetryQueries telemetry;

    public ExecutionHandler(TelemetryQueries telemetry) {
        this.telemetry = telemetry;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        return ApiResponses.json(200, TelemetryJson.execution(ReportJson.mapper().createObjectNode(),
                telemetry.execution(request.pathParameter("id")), true), request.requestId());
    }
}
