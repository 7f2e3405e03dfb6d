package com.wfp.handlers.traffic;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.TrafficServices;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutController;
import com.wfp.workflow.error.DomainException;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/rollout}: the latest rollout's state
 * (running, paused, completed, rolled back or aborted, with its step, last statistics and why);
 * 404 {@code rollout.none} when the workflow never had one.
 */
public final class RolloutStateHandler extends ApiHandler {

    private final RolloutController rollouts;
    private final TrafficJson json;

    public RolloutStateHandler(TrafficServices services) {
        this.rollouts = services.rollouts();
        this.json = new TrafficJson(services.queries());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        return ApiResponses.json(200, json.rollout(rollouts.state(ref).orElseThrow(() -> DomainException.notFound(
                "rollout.none", "No rollout was started for " + ref,
                "Start one with POST .../rollout or `wfp rollout WORKFLOW --version V`."))), request.requestId());
    }
}
