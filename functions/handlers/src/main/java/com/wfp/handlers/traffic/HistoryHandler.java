package com.wfp.handlers.traffic;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.TrafficServices;
import com.wfp.platform.release.ReleaseQueries;
import com.wfp.platform.release.WorkflowRef;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/history}: every routing change, newest
 * first, with who made it, when, the routing before and after, and why; 404 for a workflow never saved,
 * published nor routed.
 */
public final class HistoryHandler extends ApiHandler {

    private final TrafficJson json;
    private final ReleaseQueries releases;

    public HistoryHandler(TrafficServices services, ReleaseQueries releases) {
        this.json = new TrafficJson(services.queries());
        this.releases = releases;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        releases.requireKnown(ref);
        ObjectNode history = json.history(ref);
        history.put("workflow", ref.path());
        return ApiResponses.json(200, history, request.requestId());
    }
}
