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
import com.wfp.platform.telemetry.MetricPoint;
import com.wfp.platform.telemetry.TelemetryQueries;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/metrics?since=1h&step=1m}: calls,
 * errors, error rate and p50/p95/p99 latency per release and step (one minute by default, over
 * the last hour by default), each step's percentiles read from its minutes' merged histograms.
 */
public final class MetricsHandler extends ApiHandler {

    private final TelemetryQueries telemetry;
    private final ReleaseQueries releases;
    private final Clock clock = Clock.systemUTC();

    public MetricsHandler(TelemetryQueries telemetry, ReleaseQueries releases) {
        this.telemetry = telemetry;
        this.releases = releases;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        releases.requireKnown(ref);
        Instant since = TelemetryJson.since(request.query("since"), clock);
        Duration step = TelemetryJson.step(request.query("step"), Duration.ofMinutes(1));
        ObjectNode json = ReportJson.mapper().createObjectNode();
        json.put("workflow", ref.path());
        Instant from = since == null ? clock.instant().minus(Duration.ofHours(1)) : since;
        json.put("since", from.toString());
        json.put("stepSeconds", step.toSeconds());
        ArrayNode points = json.putArray("points");
        for (MetricPoint point : telemetry.metrics(ref, from, step)) {
            TelemetryJson.point(points.addObject(), point);
        }
        TelemetryJson.stats(json.putObject("telemetry"), telemetry.stats());
        return ApiResponses.json(200, json, request.requestId());
    }
}
