package com.wfp.handlers.traffic;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.BodyFields;
import com.wfp.handlers.http.TrafficServices;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.traffic.TrafficService;

/**
 * {@code POST /api/v1/workflows/{user}/{project}/{workflow}/traffic/switch}: blue/green,
 * the release at 100% and the one at 0% swap; 409 {@code traffic.not-blue-green} otherwise.
 */
public final class SwitchHandler extends ApiHandler {

    private final TrafficService traffic;
    private final TrafficJson json;

    public SwitchHandler(TrafficServices services) {
        this.traffic = services.traffic();
        this.json = new TrafficJson(services.queries());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        String why = request.body().length == 0 ? null : BodyFields.text(request.jsonObjectBody(), "why");
        return ApiResponses.json(200, json.change(traffic.blueGreenSwitch(ref, request.actor(ref.user()), why)), request.requestId());
    }
}
