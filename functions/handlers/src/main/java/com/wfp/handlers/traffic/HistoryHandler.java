package com.wfp.handlers.traffic;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.TrafficServices;
import com.wfp.platform.release.WorkflowRef;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/history}: every routing change, newest
 * first, with who made it, when, the routing before and after, and why; 404 for an unknown workflow.
 */
public final class HistoryHandler extends ApiHandler {

    private final TrafficJson json;

    public HistoryHandler(TrafficServices services) {
        this.json = new TrafficJson(services.queries());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        ObjectNode history = json.history(ref);
        history.put("workflow", ref.path());
        return ApiResponses.json(200, history, request.requestId());
    }
}
