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
 * {@code PUT /api/v1/workflows/{user}/{project}/{workflow}/traffic} with
 * {@code {"revision": N, "weights": {"v1.0.0": 90, "v1.1.0": 10}, "why": "..."}}: sets every weight
 * in one compare-and-set; 409 {@code routing.stale-revision} names the current revision.
 */
public final class SetWeightsHandler extends ApiHandler {

    private final TrafficService traffic;
    private final TrafficJson json;

    public SetWeightsHandler(TrafficServices services) {
        this.traffic = services.traffic();
        this.json = new TrafficJson(services.queries());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        JsonNode body = request.jsonObjectBody();
        long revision = BodyFields.requiredNumber(body, "revision",
                "{\"revision\": N, \"weights\": {...}} with the revision you last read from GET .../traffic");
        return ApiResponses.json(200, json.change(traffic.setWeights(ref, revision, TrafficJson.weights(body),
                request.actor(ref.user()), BodyFields.text(body, "why"))), request.requestId());
    }
}
