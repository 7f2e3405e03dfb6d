package com.wfp.handlers.traffic;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.TrafficServices;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutController;

/**
 * {@code DELETE /api/v1/workflows/{user}/{project}/{workflow}/rollout}: stops the running rollout
 * where it is, leaving traffic as it is; 404 {@code rollout.not-running} when none runs.
 */
public final class CancelRolloutHandler extends ApiHandler {

    private final RolloutController rollouts;
    private final TrafficJson json;

    public CancelRolloutHandler(TrafficServices services) {
        this.rollouts = services.rollouts();
        this.json = new TrafficJson(services.queries());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        return ApiResponses.json(200, json.rollout(rollouts.cancel(ref, request.actor(ref.user()))), request.requestId());
    }
}
