package com.wfp.handlers.traffic;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.BodyFields;
import com.wfp.handlers.http.TrafficServices;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.traffic.TrafficService;

/**
 * {@code POST /api/v1/workflows/{user}/{project}/{workflow}/traffic/demote} with
 * {@code {"version": "v1.1.0", "why": "..."}}: the version drops to 0% and its share goes to the others.
 */
public final class DemoteHandler extends ApiHandler {

    private final TrafficService traffic;
    private final TrafficJson json;

    public DemoteHandler(TrafficServices services) {
        this.traffic = services.traffic();
        this.json = new TrafficJson(services.queries());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        JsonNode body = request.jsonObjectBody();
        String version = BodyFields.requiredText(body, "version", "{\"version\": \"v1.1.0\"}");
        return ApiResponses.json(200, json.change(traffic.demote(ref, version, request.actor(ref.user()),
                BodyFields.text(body, "why"))), request.requestId());
    }
}
