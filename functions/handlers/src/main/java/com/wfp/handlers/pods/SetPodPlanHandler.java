package com.wfp.handlers.pods;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.platform.port.PodFleet;

/**
 * {@code PUT /api/v1/pods/{user}/plan} with any of {@code heapMb}, {@code cpus},
 * {@code maxConcurrency}, {@code queueSize} (the others keep their values) and {@code restart}:
 * saves the user's plan, which the production pod takes at its next start, or at once with
 * {@code "restart": true}.
 */
public final class SetPodPlanHandler extends ApiHandler {

    private final PodFleet pods;

    public SetPodPlanHandler(PodFleet pods) {
        this.pods = pods;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        String user = request.pathParameter("user");
        JsonNode body = request.jsonObjectBody();
        return ApiResponses.json(200, PodJson.pod(pods.setPlan(user, PodJson.plan(body, pods.plan(user)),
                PodJson.restart(body))), request.requestId());
    }
}
