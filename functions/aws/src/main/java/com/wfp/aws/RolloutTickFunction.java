package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.wfp.platform.rollout.RolloutController;
import com.wfp.platform.rollout.RolloutState;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Advances progressive rollouts on AWS: an EventBridge Scheduler schedule invokes it (every
 * minute in the stack), and each invocation judges every running rollout once, its guard reading
 * the release's error rate and p95 from CloudWatch ({@code GetMetricData} over the route function's
 * EMF metrics), then promotes, holds or rolls back as the rollout's plan says. A step therefore
 * advances at most once per schedule period.
 */
public final class RolloutTickFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final RolloutController rollouts;
    private final Clock clock = Clock.systemUTC();

    public RolloutTickFunction() {
        this(AwsPlatform.container());
    }

    RolloutTickFunction(AwsPlatform platform) {
        this.rollouts = platform.rollouts(platform.environment("rollout tick"));
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        List<RolloutState> states = rollouts.tick(clock.instant());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("judged", states.size());
        answer.put("rollouts", states.stream().map(s -> s.ref().path() + ": " + s.status()).toList());
        return answer;
    }
}
