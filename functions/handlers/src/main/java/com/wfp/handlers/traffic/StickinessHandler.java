package com.wfp.handlers.traffic;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.BodyFields;
import com.wfp.handlers.http.TrafficServices;
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
        Stickiness stickiness = Stickiness.parse(BodyFields.requiredText(body, "stickiness",
                "{\"stickiness\": \"off\"}, \"callerKey\" or \"header:X-User\""));
        return ApiResponses.json(200, json.change(traffic.setStickiness(ref, stickiness, request.actor(ref.user()),
                BodyFields.text(body, "why"))), request.requestId());
    }
}
