package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.wfp.platform.alert.PodUptime;
import com.wfp.platform.audit.InvocationCounter;
import com.wfp.platform.port.PodFleet;
import com.wfp.platform.rollout.RolloutController;
import com.wfp.platform.rollout.RolloutState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform's minute on AWS: an EventBridge Scheduler schedule invokes it (every minute in the
 * stack). Each invocation judges every running rollout once, its guard reading the release's error
 * rate and p95 from CloudWatch ({@code GetMetricData} over the route function's EMF metrics), then
 * promotes, holds or rolls back as the rollout's plan says; a step therefore advances at most once
 * per schedule period. Then it checks the health of every user's production pod and counts the
 * check in its minute, which the uptime route reads ({@link PodUptime}). A failure of one of the
 * two never keeps the other from running; the invocation fails only when the rollouts could not be
 * judged. Last it writes the settled per-minute counts of allowed production calls to the audit
 * trail ({@link InvocationCounter#sweep()}), so they appear within minutes even when no production
 * call comes to let an authorizer do it.
 */
public final class RolloutTickFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutTickFunction.class);

    private final RolloutController rollouts;
    private final PodFleet pods;
    private final PodUptime uptime;
    private final InvocationCounter invocations;
    private final Clock clock = Clock.systemUTC();

    public RolloutTickFunction() {
        this(AwsPlatform.container());
    }

    RolloutTickFunction(AwsPlatform platform) {
        FunctionEnvironment environment = platform.environment("rollout tick");
        this.rollouts = platform.rollouts(environment);
        this.pods = platform.podFleet(environment);
        this.uptime = platform.podUptime(environment);
        this.invocations = platform.callAudit(environment).invocations();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> answer = new LinkedHashMap<>();
        try {
            List<RolloutState> states = rollouts.tick(clock.instant());
            answer.put("judged", states.size());
            answer.put("rollouts", states.stream().map(s -> s.ref().path() + ": " + s.status()).toList());
        } finally {
            answer.put("podsChecked", checkPods());
            answer.put("auditedMinutes", sweepCallCounts());
        }
        return answer;
    }

    /** Writes the settled per-minute call counts to the audit trail; how many, or -1 when it failed. */
    private int sweepCallCounts() {
        try {
            return invocations.sweep();
        } catch (RuntimeException e) {
            // The counts stay in the table for the next tick; rollouts and pods must not wait on the audit trail.
            LOG.warn("the per-minute call counts could not be written to the audit trail", e);
            return -1;
        }
    }

    /** Counts one health check of each production pod; how many were counted, or -1 when the pods could not be read. */
    private int checkPods() {
        try {
            return uptime.record(pods.pods());
        } catch (RuntimeException e) {
            // The next minute checks again; this minute's checks are missing from the uptime, not counted down.
            LOG.warn("the pods' health could not be checked", e);
            return -1;
        }
    }
}
