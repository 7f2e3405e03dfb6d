package com.wfp.handlers.pods;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.platform.port.PodFleet;

/** {@code GET /api/v1/pods}: every pod with its state, memory, load and plan; starts nothing. */
public final class ListPodsHandler extends ApiHandler {

    private final PodFleet pods;

    public ListPodsHandler(PodFleet pods) {
        this.pods = pods;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        return ApiResponses.json(200, PodJson.list(pods.pods()), request.requestId());
    }
}
