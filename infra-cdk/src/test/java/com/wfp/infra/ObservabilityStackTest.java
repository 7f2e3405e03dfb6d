package com.wfp.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

import java.util.Map;

import static com.wfp.infra.Templates.json;
import static com.wfp.infra.Templates.list;
import static com.wfp.infra.Templates.map;
import static com.wfp.infra.Templates.properties;
import static com.wfp.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObservabilityStackTest {

    private static Template observability;

    @BeforeAll
    static void synthesize() {
        observability = SynthesizedPlatform.template(SynthesizedPlatform.platform().observability());
    }

    @Test
    void taskStateChanges_ofThePodCluster_invokeTheRegistrarsLiveAlias() {
        Map<String, Object> rule = rule("PodTaskStateChange");
        Map<String, Object> pattern = map(rule.get("EventPattern"));
        assertThat(list(pattern.get("source"))).containsExactly("aws.ecs");
        assertThat(list(pattern.get("detail-type"))).containsExactly("ECS Task State Change");
        assertThat(json(pattern.get("detail"))).contains("clusterArn").contains("Cluster")
                .contains("{\"prefix\":\"service:" + LambdaRuntime.POD_SERVICE_PREFIX + "\"}");
        assertThat(json(rule.get("Targets"))).contains("ExportsOutputRefPodRegistrarLive");
    }

    @Test
    void workflowAlarms_goingToAlarm_invokeTheRollbackFunctionsLiveAlias() {
        Map<String, Object> rule = rule("WorkflowAlarmRollback");
        Map<String, Object> pattern = map(rule.get("EventPattern"));
        assertThat(list(pattern.get("source"))).containsExactly("aws.cloudwatch");
        assertThat(json(pattern.get("detail")))
                .contains("{\"prefix\":\"" + LambdaRuntime.CANARY_ALARM_PREFIX + "\"}")
                .contains("\"ALARM\"");
        assertThat(json(rule.get("Targets"))).contains("ExportsOutputRefRollbackLive");
    }

    @Test
    void rolloutSchedule_everyMinute_invokesTheRolloutTickFunctionsLiveAliasWithItsOwnRole() {
        Map<String, Map<String, Object>> schedules = resources(observability, "AWS::Scheduler::Schedule");
        Map<String, Object> schedule = properties(schedules.entrySet().stream()
                .filter(e -> e.getKey().startsWith("RolloutTick")).findFirst().orElseThrow().getValue());
        assertThat(schedule.get("ScheduleExpression")).isEqualTo(ObservabilityStack.ROLLOUT_TICK_RATE);
        Map<String, Object> target = map(schedule.get("Target"));
        assertThat(json(target.get("Arn"))).contains("ExportsOutputRefRolloutTickLive");
        assertThat(json(target.get("RoleArn"))).contains("RolloutTickRole");
    }

    @Test
    void alertSchedule_everyMinute_invokesTheAlertTickFunctionsLiveAliasWithItsOwnRole() {
        Map<String, Map<String, Object>> schedules = resources(observability, "AWS::Scheduler::Schedule");
        assertThat(schedules.keySet()).anyMatch(id -> id.startsWith("RolloutTick")).anyMatch(id -> id.startsWith("AlertTick"));
        Map<String, Object> schedule = properties(schedules.entrySet().stream()
                .filter(e -> e.getKey().startsWith("AlertTick")).findFirst().orElseThrow().getValue());
        assertThat(schedule.get("ScheduleExpression")).isEqualTo(ObservabilityStack.ALERT_TICK_RATE);
        Map<String, Object> target = map(schedule.get("Target"));
        assertThat(json(target.get("Arn"))).contains("ExportsOutputRefAlertTickLive").doesNotContain("RolloutTick");
        assertThat(json(target.get("RoleArn"))).contains("AlertTickRole");
    }

    @Test
    void namedWorkflow_whenSynthesized_getsACanaryAlarmTheRollbackRuleMatchesOverErrorRateAndP95() {
        Map<String, Map<String, Object>> alarms = resources(observability, "AWS::CloudWatch::Alarm");
        assertThat(alarms.values().stream().map(a -> (String) properties(a).get("AlarmName")))
                .containsExactlyInAnyOrder("wfp-metric/ada/shop/checkout/rel_0123/error-rate",
                        "wfp-metric/ada/shop/checkout/rel_0123/p95")
                .noneMatch(name -> name.startsWith(LambdaRuntime.CANARY_ALARM_PREFIX));
        assertThat(json(alarms)).contains(WorkflowAlarms.NAMESPACE).contains("rel_0123").contains("LatencyMs");

        Map<String, Map<String, Object>> composite = resources(observability, "AWS::CloudWatch::CompositeAlarm");
        assertThat(composite).hasSize(1);
        Map<String, Object> canary = properties(composite.values().iterator().next());
        assertThat(canary.get("AlarmName")).isEqualTo("wfp-canary/ada/shop/checkout");
        assertThat(json(canary.get("AlarmRule"))).contains("ALARM(").contains(" OR ");
    }

    @Test
    void alarmList_whenAnEntryIsMalformed_failsSayingTheShapeItExpects() {
        assertThatThrownBy(() -> PlatformApp.alarms("ada/checkout@rel_1"))
                .hasMessageContaining("user/project/workflow@releaseId");
        assertThat(PlatformApp.alarms(" ada/shop/checkout@rel_1 ,")).singleElement()
                .satisfies(spec -> assertThat(spec.releaseId()).isEqualTo("rel_1"));
    }

    @Test
    void dashboard_whenSynthesized_showsTheApiTheFunctionsAndTheRouteMetricsPerRelease() {
        Map<String, Map<String, Object>> dashboards = resources(observability, "AWS::CloudWatch::Dashboard");
        assertThat(dashboards).hasSize(1);
        String body = json(properties(dashboards.values().iterator().next()).get("DashboardBody"));
        assertThat(body).contains("AWS/ApiGateway").contains("AWS/Lambda").contains(WorkflowAlarms.NAMESPACE)
                .contains("AWS/ECS").contains("AWS/DynamoDB");
    }

    private static Map<String, Object> rule(String idPrefix) {
        return properties(resources(observability, "AWS::Events::Rule").entrySet().stream()
                .filter(e -> e.getKey().startsWith(idPrefix)).findFirst().orElseThrow().getValue());
    }
}
