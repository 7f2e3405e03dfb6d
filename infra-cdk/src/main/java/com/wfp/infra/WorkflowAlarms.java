package com.wfp.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmRule;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CompositeAlarm;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The alarms of one workflow's canary release, on the route function's per-release EMF metrics
 * ({@value #NAMESPACE}: {@code Calls}, {@code Errors}, {@code LatencyMs} by {@code ReleaseId}):
 * error rate and p95 latency, joined by a composite alarm named
 * {@code wfp-canary/user/project/workflow}. That name is what the alarm rule matches and what the
 * rollback function reads the workflow from, so either alarm going off rolls the workflow back.
 */
final class WorkflowAlarms extends Construct {

    static final String NAMESPACE = "wfp/Route";
    static final Duration PERIOD = Duration.minutes(1);

    /** What one workflow's alarms watch and when they fire. */
    record Spec(String workflow, String releaseId, double maxErrorRate, double maxP95Millis, int minCalls) {
    }

    final Alarm errorRate;
    final Alarm p95;
    final CompositeAlarm canary;

    WorkflowAlarms(Construct scope, String id, Spec spec) {
        super(scope, id);
        Map<String, String> release = Map.of("ReleaseId", spec.releaseId());
        Metric calls = metric("Calls", "Sum", release);
        Metric errors = metric("Errors", "Sum", release);
        // Not under the canary prefix: only the composite alarm may trigger a rollback.
        String metricAlarm = "wfp-metric/" + spec.workflow() + "/" + spec.releaseId();

        // Below minCalls calls a minute the rate says nothing: the expression gives 0 then.
        errorRate = Alarm.Builder.create(this, "ErrorRate")
                .alarmName(metricAlarm + "/error-rate")
                .alarmDescription("Share of " + spec.workflow() + " calls answered 5xx by release " + spec.releaseId())
                .metric(MathExpression.Builder.create()
                        .expression("IF(calls >= " + spec.minCalls() + ", errors / calls, 0)")
                        .usingMetrics(Map.of("calls", calls, "errors", errors))
                        .period(PERIOD)
                        .build())
                .threshold(spec.maxErrorRate())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        p95 = Alarm.Builder.create(this, "P95")
                .alarmName(metricAlarm + "/p95")
                .alarmDescription("p95 latency of " + spec.workflow() + " on release " + spec.releaseId())
                .metric(metric("LatencyMs", "p95", release))
                .threshold(spec.maxP95Millis())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        canary = CompositeAlarm.Builder.create(this, "Canary")
                .compositeAlarmName(LambdaRuntime.CANARY_ALARM_PREFIX + spec.workflow())
                .alarmDescription("Rolls " + spec.workflow() + " back when release " + spec.releaseId()
                        + " errs or slows past its guard")
                .alarmRule(AlarmRule.anyOf(List.of(AlarmRule.fromAlarm(errorRate,
                                software.amazon.awscdk.services.cloudwatch.AlarmState.ALARM),
                        AlarmRule.fromAlarm(p95, software.amazon.awscdk.services.cloudwatch.AlarmState.ALARM))
                        .toArray(new software.amazon.awscdk.services.cloudwatch.IAlarmRule[0])))
                .build();
    }

    private static Metric metric(String name, String statistic, Map<String, String> dimensions) {
        return Metric.Builder.create().namespace(NAMESPACE).metricName(name).statistic(statistic)
                .dimensionsMap(dimensions).period(PERIOD).build();
    }
}
