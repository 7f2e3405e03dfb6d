package com.wfp.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Observability and the platform's own reactions: the platform dashboard, the per-workflow alarms
 * named at synth ({@link WorkflowAlarms}), and the rules: a state change of a pod task in the
 * pods' cluster invokes the pod-address registrar, a canary alarm going to ALARM invokes the
 * rollback function (as CodeDeploy rolls back on an alarm), and an EventBridge Scheduler schedule
 * ticks the rollouts every minute.
 */
final class ObservabilityStack extends Stack {

    static final String DASHBOARD = "wfp-platform";
    static final String ROLLOUT_TICK_RATE = "rate(1 minute)";
    static final String ALERT_TICK_RATE = "rate(1 minute)";

    final Dashboard dashboard;

    ObservabilityStack(Construct scope, String id, StackProps props, DataStack data, PodsStack pods,
                       FunctionsStack functions, ApiStack api, List<WorkflowAlarms.Spec> workflowAlarms) {
        super(scope, id, props);

        Rule.Builder.create(this, "PodTaskStateChange")
                .description("wfp: pod tasks starting and stopping keep the pod-address table current")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.ecs"))
                        .detailType(List.of("ECS Task State Change"))
                        .detail(Map.of(
                                "clusterArn", List.of(pods.cluster.getClusterArn()),
                                "group", List.of(Map.of("prefix", "service:" + LambdaRuntime.POD_SERVICE_PREFIX))))
                        .build())
                .targets(List.of(new LambdaFunction(functions.live.get(FunctionGroup.POD_REGISTRAR),
                        LambdaFunctionProps.builder().retryAttempts(8).maxEventAge(Duration.hours(1)).build())))
                .build();

        Rule.Builder.create(this, "WorkflowAlarmRollback")
                .description("wfp: a canary alarm in ALARM rolls its workflow back")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.cloudwatch"))
                        .detailType(List.of("CloudWatch Alarm State Change"))
                        .detail(Map.of(
                                "alarmName", List.of(Map.of("prefix", LambdaRuntime.CANARY_ALARM_PREFIX)),
                                "state", Map.of("value", List.of("ALARM"))))
                        .build())
                .targets(List.of(new LambdaFunction(functions.live.get(FunctionGroup.ROLLBACK),
                        LambdaFunctionProps.builder().retryAttempts(2).maxEventAge(Duration.minutes(5)).build())))
                .build();

        Role schedulerRole = Role.Builder.create(this, "RolloutTickRole")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com"))
                .description("wfp: EventBridge Scheduler invokes the rollout tick function")
                .build();
        functions.live.get(FunctionGroup.ROLLOUT_TICK).grantInvoke(schedulerRole);
        CfnSchedule.Builder.create(this, "RolloutTick")
                .description("wfp: advance progressive rollouts")
                .scheduleExpression(ROLLOUT_TICK_RATE)
                .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
                .target(CfnSchedule.TargetProperty.builder()
                        .arn(functions.live.get(FunctionGroup.ROLLOUT_TICK).getFunctionArn())
                        .roleArn(schedulerRole.getRoleArn())
                        .input("{\"tick\":\"rollouts\"}")
                        .retryPolicy(CfnSchedule.RetryPolicyProperty.builder()
                                .maximumRetryAttempts(0).maximumEventAgeInSeconds(60).build())
                        .build())
                .build();

        // Alerts are judged by a function of their own, not the rollout tick: a slow webhook or CloudWatch
        // read must not hold up a rollout's step, and each keeps only the permissions it uses.
        Role alertSchedulerRole = Role.Builder.create(this, "AlertTickRole")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com"))
                .description("wfp: EventBridge Scheduler invokes the alert tick function")
                .build();
        functions.live.get(FunctionGroup.ALERT_TICK).grantInvoke(alertSchedulerRole);
        CfnSchedule.Builder.create(this, "AlertTick")
                .description("wfp: judge alert rules, send due webhook retries")
                .scheduleExpression(ALERT_TICK_RATE)
                .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
                .target(CfnSchedule.TargetProperty.builder()
                        .arn(functions.live.get(FunctionGroup.ALERT_TICK).getFunctionArn())
                        .roleArn(alertSchedulerRole.getRoleArn())
                        .input("{\"tick\":\"alerts\"}")
                        .retryPolicy(CfnSchedule.RetryPolicyProperty.builder()
                                .maximumRetryAttempts(0).maximumEventAgeInSeconds(60).build())
                        .build())
                .build();

        for (WorkflowAlarms.Spec spec : workflowAlarms) {
            new WorkflowAlarms(this, "Alarms-" + spec.workflow().replace('/', '-'), spec);
        }

        dashboard = Dashboard.Builder.create(this, "PlatformDashboard").dashboardName(DASHBOARD).build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# wfp platform\nAPI, functions, production calls per release, store and pods.")
                .width(24).height(2).build());
        String apiName = api.api.getRestApiName();
        Map<String, String> stage = Map.of("ApiName", apiName, "Stage", ApiStack.STAGE);
        dashboard.addWidgets(
                graph("API calls and errors", List.of(
                        apiMetric("Count", "Sum", stage), apiMetric("4XXError", "Sum", stage),
                        apiMetric("5XXError", "Sum", stage))),
                graph("API latency p95 (ms)", List.of(apiMetric("Latency", "p95", stage),
                        apiMetric("IntegrationLatency", "p95", stage))));
        List<IMetric> errors = new ArrayList<>();
        List<IMetric> durations = new ArrayList<>();
        for (FunctionGroup group : FunctionGroup.values()) {
            var function = functions.functions.get(group);
            errors.add(function.metricErrors(null));
            durations.add(function.metricDuration(software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
                    .statistic("p95").label(group.id).build()));
        }
        dashboard.addWidgets(graph("Function errors", errors), graph("Function duration p95 (ms)", durations));
        dashboard.addWidgets(
                graph("Production calls by release", List.of(search("Calls", "Sum"))),
                graph("Production 5xx by release", List.of(search("Errors", "Sum"))),
                graph("Production p95 by release (ms)", List.of(search("LatencyMs", "p95"))));
        dashboard.addWidgets(
                graph("Store: throttled requests", List.of(
                        data.platformTable.metricThrottledRequestsForOperations(null))),
                graph("Store: consumed capacity", List.of(
                        data.platformTable.metricConsumedReadCapacityUnits(null),
                        data.platformTable.metricConsumedWriteCapacityUnits(null))),
                graph("Pods: CPU and memory (%)", List.of(
                        searchEcs("CPUUtilization", pods.cluster.getClusterName()),
                        searchEcs("MemoryUtilization", pods.cluster.getClusterName()))));
    }

    private static GraphWidget graph(String title, List<? extends IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(new ArrayList<>(metrics)).width(12).height(6).build();
    }

    private static Metric apiMetric(String name, String statistic, Map<String, String> dimensions) {
        return Metric.Builder.create().namespace("AWS/ApiGateway").metricName(name).statistic(statistic)
                .dimensionsMap(dimensions).period(Duration.minutes(1)).build();
    }

    /** Every release's series of one route metric, whichever releases exist. */
    private static MathExpression search(String metric, String statistic) {
        return MathExpression.Builder.create()
                .expression("SEARCH('{" + WorkflowAlarms.NAMESPACE + ",ReleaseId} MetricName=\"" + metric + "\"', '"
                        + statistic + "', 60)")
                .usingMetrics(Map.of())
                .label(metric)
                .period(Duration.minutes(1))
                .build();
    }

    private static MathExpression searchEcs(String metric, String cluster) {
        return MathExpression.Builder.create()
                .expression("SEARCH('{AWS/ECS,ClusterName,ServiceName} MetricName=\"" + metric
                        + "\" ClusterName=\"" + cluster + "\"', 'Average', 60)")
                .usingMetrics(Map.of())
                .label(metric)
                .period(Duration.minutes(1))
                .build();
    }
}
