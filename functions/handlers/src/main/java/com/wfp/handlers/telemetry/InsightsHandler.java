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
import com.wfp.platform.telemetry.Insights;
import com.wfp.platform.telemetry.TelemetryQueries;

import java.time.Clock;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/insights?since=24h}: top and rising
 * error groups, error rate by release, slowest nodes and the hosts nodes call that time out or
 * answer 4xx/5xx, each with a hint.
 */
public final class InsightsHandler extends ApiHandler {

    private final TelemetryQueries telemetry;
    private final ReleaseQueries releases;
    private final Clock clock = Clock.systemUTC();

    public InsightsHandler(TelemetryQueries telemetry, ReleaseQueries releases) {
        this.telemetry = telemetry;
        this.releases = releases;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        releases.requireKnown(ref);
        Insights insights = telemetry.insights(ref, TelemetryJson.since(request.query("since"), clock));
        ObjectNode json = ReportJson.mapper().createObjectNode();
        json.put("workflow", ref.path());
        json.put("since", insights.since().toString());
        json.put("hint", insights.hint());
        ArrayNode top = json.putArray("topGroups");
        insights.topGroups().forEach(g -> TelemetryJson.errorGroup(top.addObject(), g.group())
                .put("windowCount", g.count()).put("hint", g.hint()));
        ArrayNode rising = json.putArray("risingGroups");
        insights.risingGroups().forEach(g -> TelemetryJson.errorGroup(rising.addObject(), g.group())
                .put("earlier", g.earlier()).put("later", g.later()).put("hint", g.hint()));
        ArrayNode releases = json.putArray("releases");
        insights.releases().forEach(r -> releases.addObject().put("version", r.version()).put("releaseId", r.releaseId())
                .put("calls", r.calls()).put("errors", r.errors()).put("errorRate", r.errorRate()).put("hint", r.hint()));
        ArrayNode nodes = json.putArray("slowestNodes");
        insights.slowestNodes().forEach(n -> nodes.addObject().put("node", n.nodeId()).put("type", n.type())
                .put("calls", n.calls()).put("p50Ms", n.p50Ms()).put("p95Ms", n.p95Ms()).put("maxMs", n.maxMs())
                .put("hint", n.hint()));
        ArrayNode hosts = json.putArray("upstreams");
        insights.upstreams().forEach(h -> hosts.addObject().put("host", h.host()).put("calls", h.calls())
                .put("timeouts", h.timeouts()).put("noAnswer", h.noAnswer()).put("clientErrors", h.clientErrors())
                .put("serverErrors", h.serverErrors()).put("p95Ms", h.p95Ms()).put("hint", h.hint()));
        return ApiResponses.json(200, json, request.requestId());
    }
}
