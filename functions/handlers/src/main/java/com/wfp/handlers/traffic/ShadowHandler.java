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
 * {@code PUT /api/v1/workflows/{user}/{project}/{workflow}/traffic/shadow} with
 * {@code {"version": "v1.1.0", "percent": 20}} mirrors that share of calls to the version;
 * {@code {"version": null}} stops mirroring.
 */
public final class ShadowHandler extends ApiHandler {

    private final TrafficService traffic;
    private final TrafficJson json;

    public ShadowHandler(TrafficServices services) {
        this.traffic = services.traffic();
        this.json = new TrafficJson(services.queries());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        JsonNode body = request.jsonObjectBody();
        String version = BodyFields.text(body, "version");
        Long percent = BodyFields.number(body, "percent");
        int share = version == null ? 0 : Math.clamp(percent == null ? 100 : percent, -1, 101);
        return ApiResponses.json(200, json.change(traffic.setShadow(ref, version, share, request.actor(ref.user()),
                BodyFields.text(body, "why"))), request.requestId());
    }
}
