package com.wfp.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.Stickiness;
import com.wfp.platform.traffic.TrafficService;

/**
 * {@code PUT /api/v1/workflows/{user}/{project}/{workflow}/traffic/stickiness} with
 * {@code {"stickiness": "off" | "callerKey" | "header:X-User"}}.
 */
public final class StickinessHandler extends ApiHandler {

    private final TrafficService traffic;
    private final TrafficJson json;

    public StickinessHandler(TrafficServices services) {
        this.traffic = services.traffic();
        this.json = new TrafficJson(services.queries());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        JsonNode body = request.jsonObjectBody();
        Stickiness stickiness = Stickiness.parse(TrafficJson.requiredText(body, "stickiness",
                "{\"stickiness\": \"off\"}, \"callerKey\" or \"header:X-User\""));
        return ApiResponses.json(200, json.change(traffic.setStickiness(ref, stickiness, request.actor(ref.user()),
                TrafficJson.text(body, "why"))), request.requestId());
    }
}
