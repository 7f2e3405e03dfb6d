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
import com.wfp.platform.telemetry.ErrorGroup;
import com.wfp.platform.telemetry.ErrorGroupQuery;
import com.wfp.platform.telemetry.TelemetryQueries;

import java.time.Clock;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/errors?since=&search=&release=&node=&code=&limit=}:
 * the workflow's error groups, the most recently seen first, each with its count, first and last
 * occurrence, the releases it happened in and the one it was first seen in; {@code search} is full
 * text over the groups' recorded failures.
 */
public final class ErrorGroupsHandler extends ApiHandler {

    private final TelemetryQueries telemetry;
    private final ReleaseQueries releases;
    private final Clock clock = Clock.systemUTC();

    public ErrorGroupsHandler(TelemetryQueries telemetry, ReleaseQueries releases) {
        this.telemetry = telemetry;
        this.releases = releases;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        releases.requireKnown(ref);
        ObjectNode json = ReportJson.mapper().createObjectNode();
        json.put("workflow", ref.path());
        ArrayNode groups = json.putArray("groups");
        ErrorGroupQuery query = new ErrorGroupQuery(ref, TelemetryJson.since(request.query("since"), clock),
                request.query("release"), request.query("node"), request.query("code"), request.query("search"),
                TelemetryJson.limit(request.query("limit"), ErrorGroupQuery.MAX_LIMIT));
        for (ErrorGroup group : telemetry.errorGroups(query)) {
            TelemetryJson.errorGroup(groups.addObject(), group);
        }
        return ApiResponses.json(200, json, request.requestId());
    }
}
