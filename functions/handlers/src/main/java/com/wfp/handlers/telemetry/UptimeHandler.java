package com.wfp.handlers.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.alert.PodUptime;
import com.wfp.platform.release.ReleaseQueries;
import com.wfp.platform.release.WorkflowRef;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/uptime?days=30}: the uptime of the
 * workflow's production pod from its scheduled health checks, per UTC day and overall, with the
 * outages newest first.
 */
public final class UptimeHandler extends ApiHandler {

    private final PodUptime uptime;
    private final ReleaseQueries releases;

    public UptimeHandler(PodUptime uptime, ReleaseQueries releases) {
        this.uptime = uptime;
        this.releases = releases;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        releases.requireKnown(ref);
        int days = AlertJson.limit(request.query("days"), 30, 30);
        return ApiResponses.json(200, AlertJson.uptime(ReportJson.mapper().createObjectNode(), ref,
                uptime.uptime(ref, days)), request.requestId());
    }
}
