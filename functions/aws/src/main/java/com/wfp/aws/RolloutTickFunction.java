package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.wfp.platform.audit.InvocationCounter;
import com.wfp.platform.rollout.RolloutController;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * advances at most once per schedule period. Each tick also writes the settled per-minute counts of
 * allowed production calls to the audit trail ({@link InvocationCounter#sweep()}), so they appear
 * within minutes even when no production call comes to let an authorizer do it.
 */
public final class RolloutTickFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutTickFunction.class);

    private final RolloutController rollouts;
    private final InvocationCounter invocations;
    private final Clock clock = Clock.systemUTC();

    public RolloutTickFunction() {
        this(AwsPlatform.container());
    }

    RolloutTickFunction(AwsPlatform platform) {
        FunctionEnvironment environment = platform.environment("rollout tick");
        this.rollouts = platform.rollouts(environment);
        this.invocations = platform.callAudit(environment).invocations();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        List<RolloutState> states = rollouts.tick(clock.instant());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("judged", states.size());
        answer.put("rollouts", states.stream().map(s -> s.ref().path() + ": " + s.status()).toList());
        try {
            answer.put("auditedMinutes", invocations.sweep());
        } catch (RuntimeException e) {
            // The counts stay in the table for the next tick; rollouts must not wait on the audit trail.
            LOG.warn("the per-minute call counts could not be written to the audit trail", e);
        }
        return answer;
    }
}
