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
 * {@code POST /api/v1/workflows/{user}/{project}/{workflow}/retire} with {@code {"reason": "..."}}:
 * the workflow stops serving; its routed and pinned URLs answer 410 Gone with the reason, and its
 * releases stay. Answers the routing change.
 */
public final class RetireWorkflowHandler extends ApiHandler {

    private final TrafficService traffic;
    private final TrafficJson json;

    public RetireWorkflowHandler(TrafficServices services) {
        this.traffic = services.traffic();
        this.json = new TrafficJson(services.queries());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        JsonNode body = request.jsonObjectBody();
        return ApiResponses.json(200, json.change(traffic.retireWorkflow(ref, BodyFields.text(body, "reason"),
                request.actor(ref.user()))), request.requestId());
    }
}
