package com.wfp.handlers.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.alert.Alert;
import com.wfp.platform.alert.AlertMonitor;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;

/**
 * {@code GET /api/v1/alerts?workflow=USER/PROJECT/WORKFLOW&state=firing&limit=}: alerts newest
 * first, of every workflow or of one, each with its kind, state, release, reason and times; only
 * those of projects the caller may read.
 */
public final class ListAlertsHandler extends ApiHandler {

    private final AlertMonitor alerts;

    public ListAlertsHandler(AlertMonitor alerts) {
        this.alerts = alerts;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = workflow(request.query("workflow"));
        String state = request.query("state");
        if (state != null && !state.equals("firing") && !state.equals("resolved")) {
            throw DomainException.badRequest("request.invalid-state", "'" + state.substring(0, Math.min(20, state.length()))
                    + "' is not an alert state", "Give state as firing or resolved.");
        }
        int limit = AlertJson.limit(request.query("limit"), 100, 1000);
        java.util.Optional<java.util.Set<String>> visible = request.visibleProjects();
        ObjectNode json = ReportJson.mapper().createObjectNode();
        ArrayNode list = json.putArray("alerts");
        // Alerts of projects the caller may not read are left out before the limit counts, so a person's page is full.
        for (Alert alert : alerts.alerts(ref, visible.isPresent() ? 1000 : limit)) {
            if (visible.isPresent() && !visible.get().contains(alert.ref().user() + "/" + alert.ref().project())) {
                continue;
            }
            if (list.size() >= limit) {
                break;
            }
            if (state == null || alert.state().equals(state)) {
                AlertJson.alert(list.addObject(), alert);
            }
        }
        return ApiResponses.json(200, json, request.requestId());
    }

    private static WorkflowRef workflow(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.strip().split("/");
        if (parts.length != 3) {
            throw DomainException.badRequest("request.invalid-workflow", "'" + text.substring(0, Math.min(60, text.length()))
                    + "' is not a workflow", "Give workflow as USER/PROJECT/WORKFLOW, such as local/default/greeting.");
        }
        return new WorkflowRef(parts[0], parts[1], parts[2]);
    }
}
