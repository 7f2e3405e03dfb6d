package com.wfp.infra;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.wfp.infra.Templates.list;
import static com.wfp.infra.Templates.map;
import static com.wfp.infra.Templates.properties;
import static com.wfp.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

/** Rules every stack of the platform keeps. */
class PlatformTemplatesTest {

    @Test
    void logGroups_inEveryStack_expire() {
        List<Map<String, Object>> logGroups = new ArrayList<>();
        for (Template template : SynthesizedPlatform.all()) {
            logGroups.addAll(resources(template, "AWS::Logs::LogGroup").values());
        }
        // Functions, the API's access and execution logs, pods, and production telemetry.
        assertThat(logGroups).hasSize(FunctionGroup.values().length + 4)
                .allSatisfy(group -> assertThat(properties(group).get("RetentionInDays")).isNotNull());
    }

    @Test
    void iamPolicies_inEveryStack_neverGrantEveryActionOfAServiceOrEveryActionOnEveryResource() {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Template template : SynthesizedPlatform.all()) {
            for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
                resources(template, type).values().forEach(policy ->
                        list(map(properties(policy).get("PolicyDocument")).get("Statement"))
                                .forEach(statement -> statements.add(map(statement))));
            }
            resources(template, "AWS::IAM::Role").values().forEach(role ->
                    list(properties(role).getOrDefault("Policies", List.of())).forEach(policy ->
                            list(map(map(policy).get("PolicyDocument")).get("Statement"))
                                    .forEach(statement -> statements.add(map(statement)))));
        }
        assertThat(statements).isNotEmpty().allSatisfy(statement -> {
            assertThat(statement).doesNotContainKeys("NotAction", "NotResource");
            List<Object> actions = list(statement.get("Action"));
            assertThat(actions).noneMatch(action -> action.equals("*") || action.toString().endsWith(":*"));
            if (actions.contains("ecs:ListServices")) {
                assertThat(Templates.json(statement.get("Condition"))).contains("ecs:cluster");
            }
            if (list(statement.get("Resource")).contains("*")) {
                // Only actions that name no resource may take "*", and never a write to data.
                assertThat(actions).allMatch(action -> List.of("ecr:GetAuthorizationToken",
                        "cloudwatch:GetMetricData", "ecs:RegisterTaskDefinition", "ecs:DescribeTaskDefinition",
                        "ecs:ListServices", "ec2:CreateNetworkInterface",
                        "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface",
                        "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses").contains(action));
            }
        });
    }

    @Test
    void iamRoles_inEveryStack_attachNoManagedPolicyButTheApiGatewayLoggingOne() {
        List<String> withManaged = new ArrayList<>();
        for (Template template : SynthesizedPlatform.all()) {
            resources(template, "AWS::IAM::Role").forEach((id, role) -> {
                if (properties(role).containsKey("ManagedPolicyArns")) {
                    withManaged.add(id);
                    assertThat(Templates.json(properties(role).get("ManagedPolicyArns"))).as(id)
                            .contains("AmazonAPIGatewayPushToCloudWatchLogs");
                }
            });
        }
        assertThat(withManaged).hasSize(1);
    }

    @Test
    void functionRoles_whenSynthesized_writeOnlyTheirOwnLogGroup() {
        Template functions = SynthesizedPlatform.template(SynthesizedPlatform.platform().functions());
        resources(functions, "AWS::IAM::Policy").values().stream().map(Templates::properties)
                .flatMap(policy -> list(map(policy.get("PolicyDocument")).get("Statement")).stream())
                .map(Templates::map)
                .filter(statement -> Templates.json(statement.get("Action")).contains("logs:"))
                .forEach(statement -> assertThat(Templates.json(statement.get("Resource")))
                        .doesNotContain("\"*\"").contains("Logs"));
    }
}
