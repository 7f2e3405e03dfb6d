package com.wfp.handlers.traffic;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.BodyFields;
import com.wfp.handlers.http.TrafficServices;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutController;
import com.wfp.platform.rollout.RolloutGuard;
import com.wfp.platform.rollout.RolloutPlan;
import com.wfp.workflow.error.DomainException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/v1/workflows/{user}/{project}/{workflow}/rollout} with {@code {"version": "v1.1.0",
 * "steps": [10, 50, 100], "intervalSeconds": 30, "maxErrorRate": 0.05, "maxP95Ms": 800,
 * "minRequests": 20, "windowSeconds": 60}}: starts a progressive rollout (the candidate takes the
 * first step at once) and answers 201 with its state. Only the version is required.
 */
public final class StartRolloutHandler extends ApiHandler {

    static final List<Integer> DEFAULT_STEPS = List.of(10, 50, 100);
    static final long DEFAULT_INTERVAL_SECONDS = 60;
    static final double DEFAULT_MAX_ERROR_RATE = 0.05;
    static final double DEFAULT_MAX_P95_MS = 1000;
    static final long DEFAULT_MIN_REQUESTS = 20;
    static final long DEFAULT_WINDOW_SECONDS = 60;

    private final RolloutController rollouts;
    private final TrafficJson json;

    public StartRolloutHandler(TrafficServices services) {
        this.rollouts = services.rollouts();
        this.json = new TrafficJson(services.queries());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        JsonNode body = request.jsonObjectBody();
        String version = BodyFields.requiredText(body, "version",
                "{\"version\": \"v1.1.0\", \"steps\": [10, 50, 100], \"intervalSeconds\": 60}");
        RolloutGuard guard = new RolloutGuard(
                orDefault(BodyFields.decimal(body, "maxErrorRate"), DEFAULT_MAX_ERROR_RATE),
                orDefault(BodyFields.decimal(body, "maxP95Ms"), DEFAULT_MAX_P95_MS),
                orDefault(BodyFields.number(body, "minRequests"), DEFAULT_MIN_REQUESTS),
                seconds(body, "windowSeconds", DEFAULT_WINDOW_SECONDS));
        RolloutPlan plan = new RolloutPlan(version, steps(body), seconds(body, "intervalSeconds",
                DEFAULT_INTERVAL_SECONDS), guard);
        return ApiResponses.json(201, json.rollout(rollouts.start(ref, plan, request.actor(ref.user()))), request.requestId());
    }

    private static List<Integer> steps(JsonNode body) {
        JsonNode steps = body.get("steps");
        if (steps == null || steps.isNull()) {
            return DEFAULT_STEPS;
        }
        if (!steps.isArray()) {
            throw invalidSteps();
        }
        List<Integer> result = new ArrayList<>();
        for (JsonNode step : steps) {
            if (!step.isIntegralNumber()) {
                throw invalidSteps();
            }
            result.add(step.asInt());
        }
        return result;
    }

    private static Duration seconds(JsonNode body, String field, long fallback) {
        Double value = BodyFields.decimal(body, field);
        return Duration.ofMillis(Math.round((value == null ? fallback : value) * 1000));
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static DomainException invalidSteps() {
        return DomainException.badRequest("rollout.invalid-plan", "'steps' must be an array of whole percentages",
                "Send steps such as [10, 50, 100].");
    }
}
