package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.wfp.platform.alert.Alert;
import com.wfp.platform.alert.AlertMonitor;
import com.wfp.platform.notify.Notifier;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges every workflow's alert rules on AWS: an EventBridge Scheduler schedule invokes it (every
 * minute in the stack). Each invocation runs the {@link AlertMonitor} once, the same code the local
 * platform runs every 2 seconds: error rate and p95 per release read from the route function's EMF
 * metrics with CloudWatch {@code GetMetricData} (the figures the workflow's alarms read), pod down
 * from the ECS services and the pods' health (counted per minute for uptime), no calls from the
 * same metrics. Alerts fire and resolve in the table (one per workflow and kind), go to the
 * EventBridge bus as {@code AlertFired} / {@code AlertResolved} and to the projects' webhooks.
 * It then sends the webhook retries that are due, queued by the functions whose attempts failed.
 */
public final class AlertTickFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** Most queued retries one tick sends, so a tick stays well inside its timeout. */
    static final int RETRIES_PER_TICK = 200;

    private final AlertMonitor alerts;
    private final Notifier notifier;

    public AlertTickFunction() {
        this(AwsPlatform.container());
    }

    AlertTickFunction(AwsPlatform platform) {
        FunctionEnvironment environment = platform.environment("alert tick");
        this.alerts = platform.alertMonitor(environment);
        this.notifier = platform.notifier(environment);
        platform.notifyOnEvents(environment);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        alerts.evaluateAll();
        int retries = notifier.sendDue(RETRIES_PER_TICK);
        List<Alert> firing = alerts.alerts(null, 100).stream().filter(Alert::firing).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("firing", firing.stream().map(a -> a.ref().path() + ": " + a.kind().label()).toList());
        answer.put("retriesSent", retries);
        answer.put("lastFailure", alerts.lastFailure());
        return answer;
    }
}
