package com.wfp.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.telemetry.ErrorGroup;
import com.wfp.platform.telemetry.TelemetryQueries;

import java.time.Clock;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/errors?since=}: the workflow's error
 * groups, the most recently seen first, each with its count, first and last occurrence, the
 * releases it happened in and the one it was first seen in.
 */
public final class ErrorGroupsHandler extends ApiHandler {

    private final TelemetryQueries telemetry;
    private final Clock clock = Clock.systemUTC();

    public ErrorGroupsHandler(TelemetryQueries telemetry) {
        this.telemetry = telemetry;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        ObjectNode json = ReportJson.mapper().createObjectNode();
        json.put("workflow", ref.path());
        ArrayNode groups = json.putArray("groups");
        for (ErrorGroup group : telemetry.errorGroups(ref, TelemetryJson.since(request.query("since"), clock))) {
            TelemetryJson.errorGroup(groups.addObject(), group);
        }
        return ApiResponses.json(200, json, request.requestId());
    }
}
