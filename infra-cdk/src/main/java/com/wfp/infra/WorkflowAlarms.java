package com.wfp.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.constructs.Construct;

import java.util.Map;

/**
 * The alarms of one live workflow release, on the route function's per-release EMF metrics
 * ({@value #NAMESPACE}: {@code Calls}, {@code Errors}, {@code LatencyMs} by {@code ReleaseId}):
 * error rate and p95 latency. Their names start with {@link FunctionsStack#WORKFLOW_ALARM_PREFIX},
 * which the alarm rule matches to invoke the rollback function, so an alarm created at publish
 * with the same shape and prefix rolls back the same way.
 */
final class WorkflowAlarms extends Construct {

    static final String NAMESPACE = "wfp/Route";
    static final Duration PERIOD = Duration.minutes(1);

    /** What one workflow's alarms watch and when they fire. */
    record Spec(String workflow, String releaseId, double maxErrorRate, double maxP95Millis, int minCalls) {
    }

    final Alarm errorRate;
    final Alarm p95;

    WorkflowAlarms(Construct scope, String id, Spec spec) {
        super(scope, id);
        Map<String, String> release = Map.of("ReleaseId", spec.releaseId());
        Metric calls = metric("Calls", "Sum", release);
        Metric errors = metric("Errors", "Sum", release);
        String name = FunctionsStack.WORKFLOW_ALARM_PREFIX + spec.workflow().replace('/', '-');

        // Below minCalls calls a minute the rate says nothing: the expression gives 0 then.
        errorRate = Alarm.Builder.create(this, "ErrorRate")
                .alarmName(name + "-error-rate")
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
                .alarmName(name + "-p95")
                .alarmDescription("p95 latency of " + spec.workflow() + " on release " + spec.releaseId())
                .metric(metric("LatencyMs", "p95", release))
                .threshold(spec.maxP95Millis())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    private static Metric metric(String name, String statistic, Map<String, String> dimensions) {
        return Metric.Builder.create().namespace(NAMESPACE).metricName(name).statistic(statistic)
                .dimensionsMap(dimensions).period(PERIOD).build();
    }
}
