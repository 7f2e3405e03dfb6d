package com.wfp.handlers.traffic;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.BodyFields;
import com.wfp.handlers.http.ReportJson;
import com.wfp.handlers.http.TrafficServices;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.traffic.TrafficService;

/**
 * {@code POST /api/v1/workflows/{user}/{project}/{workflow}/rollback} with
 * {@code {"version": "v1.0.0", "why": "..."}} (no version: the previous release): all traffic goes
 * back in one compare-and-set; answers from, to and how long it took.
 */
public final class RollbackHandler extends ApiHandler {

    private final TrafficService traffic;
    private final TrafficJson json;

    public RollbackHandler(TrafficServices services) {
        this.traffic = services.traffic();
        this.json = new TrafficJson(services.queries());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        JsonNode body = request.body().length == 0 ? ReportJson.mapper().createObjectNode() : request.jsonObjectBody();
        return ApiResponses.json(200, json.rollback(traffic.rollback(ref, BodyFields.text(body, "version"),
                request.actor(ref.user()), BodyFields.text(body, "why"))), request.requestId());
    }
}
