package com.wfp.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.traffic.RolloutController;
import com.wfp.platform.traffic.TrafficService;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/traffic}: the routing (revision,
 * weights by version name and percent, stickiness, shadow) and the latest rollout, if any.
 */
public final class GetTrafficHandler extends ApiHandler {

    private final TrafficService traffic;
    private final RolloutController rollouts;
    private final TrafficJson json;

    public GetTrafficHandler(TrafficServices services) {
        this.traffic = services.traffic();
        this.rollouts = services.rollouts();
        this.json = new TrafficJson(services.store());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        return ApiResponses.json(200, json.trafficView(traffic.routing(ref), rollouts.state(ref)), request.requestId());
    }
}
