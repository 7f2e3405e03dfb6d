package com.wfp.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.wfp.infra.Templates.json;
import static com.wfp.infra.Templates.list;
import static com.wfp.infra.Templates.map;
import static com.wfp.infra.Templates.properties;
import static com.wfp.infra.Templates.referenced;
import static com.wfp.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

class FunctionsStackTest {

    private static Template functions;
    private static Map<String, Map<String, Object>> lambdas;

    @BeforeAll
    static void synthesize() {
        functions = SynthesizedPlatform.template(SynthesizedPlatform.platform().functions());
        lambdas = resources(functions, "AWS::Lambda::Function");
    }

    @Test
    void everyFunction_whenSynthesized_runsJava21WithSnapStart() {
        assertThat(lambdas).hasSize(FunctionGroup.values().length);
        assertThat(lambdas.values()).allSatisfy(function -> {
            assertThat(properties(function).get("Runtime")).isEqualTo("java21");
            assertThat(properties(function).get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
        });
    }

    @Test
    void everyFunction_whenSynthesized_hasALiveAliasOnAPublishedVersionOfItself() {
        Map<String, Map<String, Object>> aliases = resources(functions, "AWS::Lambda::Alias");
        Map<String, Map<String, Object>> versions = resources(functions, "AWS::Lambda::Version");
        for (String function : lambdas.keySet()) {
            assertThat(aliases.values()).as("live alias of %s", function).anySatisfy(alias -> {
                Map<String, Object> props = properties(alias);
                assertThat(props.get("Name")).isEqualTo(FunctionsStack.LIVE_ALIAS);
                assertThat(referenced(props.get("FunctionName"))).isEqualTo(function);
                String version = referenced(props.get("FunctionVersion"));
                assertThat(referenced(properties(versions.get(version)).get("FunctionName"))).isEqualTo(function);
            });
        }
    }

    @Test
    void everyGroup_whenSynthesized_runsItsEntryClassWithALogGroupThatExpires() {
        Map<String, Map<String, Object>> logGroups = resources(functions, "AWS::Logs::LogGroup");
        for (FunctionGroup group : FunctionGroup.values()) {
            Map<String, Object> function = properties(lambda(group));
            assertThat(function.get("Handler")).isEqualTo("com.wfp.aws." + group.entryClass + "::handleRequest");
            String logGroup = referenced(map(function.get("LoggingConfig")).get("LogGroup"));
            assertThat(properties(logGroups.get(logGroup))).containsKey("RetentionInDays");
        }
    }

    @Test
    void validateFunction_whenSynthesized_readsTokensAndWritesOnlyItsLogsAndAuditRecords() {
        Map<String, Object> validate = properties(lambda(FunctionGroup.VALIDATE));
        String logGroup = referenced(map(validate.get("LoggingConfig")).get("LogGroup"));
        List<Map<String, Object>> allowed = statements(FunctionGroup.VALIDATE, "Allow");
        assertThat(allowed).anySatisfy(statement -> {
            assertThat(list(statement.get("Action"))).containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents");
            assertThat(json(statement.get("Resource"))).contains(logGroup);
        });
        assertThat(actions(allowed)).contains("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem")
                .noneMatch(action -> action.matches("dynamodb:(Update|Delete|BatchWrite).*|secretsmanager:.*"));
        // Its audit records, and (an OIDC issuer is configured here) a person met for the first time.
        assertThat(allowed).filteredOn(statement -> list(statement.get("Action")).contains("dynamodb:PutItem"))
                .map(statement -> map(map(statement.get("Condition")).get("ForAllValues:StringEquals"))
                        .get("dynamodb:LeadingKeys"))
                .containsExactlyInAnyOrder(List.of(LambdaRuntime.AUDIT_PARTITION), List.of(LambdaRuntime.PEOPLE_PARTITION));
        assertThat(map(map(validate.get("Environment")).get("Variables")))
                .containsOnlyKeys(LambdaRuntime.ADMIN_TOKEN_SHA256, LambdaRuntime.TABLE, LambdaRuntime.OIDC_ISSUER,
                        LambdaRuntime.OIDC_AUDIENCE, LambdaRuntime.OIDC_JWKS_URL);
    }

    @Test
    void consoleFunction_whenSynthesized_hasNoEnvironmentAndMayOnlyWriteItsOwnLogs() {
        Map<String, Object> console = properties(lambda(FunctionGroup.CONSOLE));
        String logGroup = referenced(map(console.get("LoggingConfig")).get("LogGroup"));
        assertThat(console).doesNotContainKey("Environment").doesNotContainKey("VpcConfig");
        assertThat(statements(FunctionGroup.CONSOLE, "Allow")).singleElement().satisfies(statement -> {
            assertThat(list(statement.get("Action"))).containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents");
            assertThat(json(statement.get("Resource"))).contains(logGroup);
        });
        assertThat(console.get("Handler")).isEqualTo("com.wfp.aws.ConsoleFunction::handleRequest");
    }

    @Test
    void authorizerFunction_whenSynthesized_appendsToTheAuditPartitionOnly() {
        List<Map<String, Object>> allowed = statements(FunctionGroup.AUTHORIZER, "Allow");
        assertThat(allowed).filteredOn(statement -> list(statement.get("Action")).contains("dynamodb:PutItem"))
                .singleElement().satisfies(FunctionsStackTest::assertAuditPartitionOnly);
        assertThat(actions(allowed)).noneMatch(action -> action.matches("dynamodb:BatchWrite.*|secretsmanager:.*"));
        // It deletes only the call counts it takes to write to the trail.
        assertThat(allowed).filteredOn(statement -> list(statement.get("Action")).contains("dynamodb:DeleteItem"))
                .singleElement().satisfies(statement -> {
                    assertThat(list(statement.get("Action"))).containsExactly("dynamodb:DeleteItem");
                    assertThat(map(map(statement.get("Condition")).get("ForAllValues:StringEquals"))
                            .get("dynamodb:LeadingKeys")).isEqualTo(List.of(LambdaRuntime.INVOCATIONS_PARTITION));
                });
    }

    @Test
    void everyFunction_whenSynthesized_isDeniedChangingOrRemovingAuditRecords() {
        for (FunctionGroup group : FunctionGroup.values()) {
            assertThat(statements(group, "Deny")).as(group.id).anySatisfy(statement -> {
                assertThat(list(statement.get("Action")))
                        .contains("dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem");
                assertThat(json(statement.get("Condition"))).contains("ForAnyValue:StringEquals")
                        .contains("dynamodb:LeadingKeys").contains("\"" + LambdaRuntime.AUDIT_PARTITION + "\"");
            });
        }
    }

    @Test
    void secretsKey_whenSynthesized_isReadOnlyByTheFunctionsThatOpenProjectSecrets() {
        for (FunctionGroup group : FunctionGroup.values()) {
            Map<String, Object> variables = Templates.variables(properties(lambda(group)));
            String readsKey = json(statements(group, "Allow").stream()
                    .filter(statement -> list(statement.get("Action")).contains("secretsmanager:GetSecretValue"))
                    .map(statement -> statement.get("Resource")).toList());
            if (FunctionsStack.SECRET_OPENERS.contains(group)) {
                assertThat(json(variables.get(LambdaRuntime.SECRETS_KEY_ARN))).as(group.id).contains("SecretsKey");
                assertThat(readsKey).as(group.id).contains("SecretsKey");
            } else {
                assertThat(variables).as(group.id).doesNotContainKey(LambdaRuntime.SECRETS_KEY_ARN);
                assertThat(readsKey).as(group.id).doesNotContain("SecretsKey");
            }
        }
    }

    @Test
    void oidcIssuer_whenNamedInTheContext_reachesTheFunctionsThatAuthenticateCallersOnly() {
        for (FunctionGroup group : FunctionGroup.values()) {
            Object environment = properties(lambda(group)).get("Environment");
            // A function with no environment at all (it reads none) gets no issuer either.
            Map<String, Object> variables = environment == null ? Map.of() : map(map(environment).get("Variables"));
            if (FunctionsStack.ADMIN_CHECKED.contains(group) || group == FunctionGroup.AUTHORIZER) {
                assertThat(variables).as(group.id)
                        .containsEntry(LambdaRuntime.OIDC_ISSUER, "https://login.example.com")
                        .containsEntry(LambdaRuntime.OIDC_AUDIENCE, "wfp-platform")
                        .containsEntry(LambdaRuntime.OIDC_JWKS_URL, "https://login.example.com/jwks.json")
                        .doesNotContainKey(LambdaRuntime.OIDC_PERSON_CLAIM);
            } else {
                assertThat(variables).as(group.id).doesNotContainKeys(LambdaRuntime.OIDC_ISSUER,
                        LambdaRuntime.OIDC_AUDIENCE, LambdaRuntime.OIDC_JWKS_URL);
            }
        }
    }

    @Test
    void oidcContext_whenAnIssuerLacksItsAudience_failsTheSynthNamingIt() {
        assertThat(PlatformApp.oidcContext(name -> null)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PlatformApp.oidcContext(
                        Map.of("wfp.oidc.issuer", "https://login.example.com")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wfp.oidc.audience");
    }

    private static void assertAuditPartitionOnly(Map<String, Object> statement) {
        assertThat(map(map(statement.get("Condition")).get("ForAllValues:StringEquals")).get("dynamodb:LeadingKeys"))
                .isEqualTo(List.of(LambdaRuntime.AUDIT_PARTITION));
    }

    private static List<Map<String, Object>> statements(FunctionGroup group, String effect) {
        return policiesOf(referenced(properties(lambda(group)).get("Role"))).stream()
                .flatMap(policy -> list(map(policy.get("PolicyDocument")).get("Statement")).stream())
                .map(Templates::map)
                .filter(statement -> effect.equals(statement.get("Effect")))
                .toList();
    }

    private static List<String> actions(List<Map<String, Object>> statements) {
        return statements.stream().flatMap(statement -> {
            Object action = statement.get("Action");
            return action instanceof List<?> many ? many.stream().map(String.class::cast)
                    : java.util.stream.Stream.of((String) action);
        }).toList();
    }

    @Test
    void podManagers_whenSynthesized_getEverySettingThePodManagerReadsAndOnlyThePodsOwnResources() {
        for (FunctionGroup group : FunctionsStack.POD_MANAGERS) {
            Map<String, Object> function = properties(lambda(group));
            assertThat(map(map(function.get("Environment")).get("Variables"))).as(group.id).containsKeys(
                    LambdaRuntime.TABLE, LambdaRuntime.EVENT_BUS, LambdaRuntime.POD_TOKEN_SECRET_ARN,
                    LambdaRuntime.CLUSTER, LambdaRuntime.POD_IMAGE, LambdaRuntime.POD_SUBNETS,
                    LambdaRuntime.POD_SECURITY_GROUP, LambdaRuntime.POD_EXECUTION_ROLE_ARN,
                    LambdaRuntime.POD_TASK_ROLE_ARN, LambdaRuntime.POD_LOG_GROUP, LambdaRuntime.POD_READY_TIMEOUT_MS);
            String policies = json(policiesOf(referenced(function.get("Role"))));
            if (group == FunctionGroup.PUBLISH) {
                assertThat(policies).as(group.id).doesNotContain("ecs:").doesNotContain("iam:PassRole");
                continue;
            }
            assertThat(policies).as(group.id)
                    .contains("ecs:CreateService").contains(":service/").contains("/wfp-pod-*")
                    .contains("iam:PassRole").contains("ecs-tasks.amazonaws.com")
                    .contains("secretsmanager:CreateSecret").contains(":secret:wfp/pod-token/*");
        }
    }

    @Test
    void alertTick_whenSynthesized_watchesPodsReadsMetricsAndPublishesEvents_butManagesNoPodAndOpensNoSecret() {
        Map<String, Object> function = properties(lambda(FunctionGroup.ALERT_TICK));
        assertThat(map(map(function.get("Environment")).get("Variables"))).containsKeys(LambdaRuntime.TABLE,
                LambdaRuntime.EVENT_BUS, LambdaRuntime.CLUSTER, LambdaRuntime.POD_TOKEN_SECRET_ARN)
                .doesNotContainKey(LambdaRuntime.SECRETS_KEY_ARN).doesNotContainKey(LambdaRuntime.CLOUDWATCH_MONITORING);
        List<String> actions = actions(statements(FunctionGroup.ALERT_TICK, "Allow"));
        assertThat(actions).contains("ecs:DescribeServices", "ecs:ListServices", "cloudwatch:GetMetricData",
                "events:PutEvents", "dynamodb:PutItem", "dynamodb:DeleteItem")
                .noneMatch(action -> action.matches("ecs:(Create|Update|Register).*|iam:PassRole|secretsmanager:(Create|Put).*"
                        + "|cloudwatch:(Put|Delete).*|lambda:.*"));
        assertThat(json(statements(FunctionGroup.ALERT_TICK, "Allow").stream()
                .filter(statement -> list(statement.get("Action")).contains("ecs:DescribeServices")).toList()))
                .contains("/wfp-pod-*").doesNotContain("\"*\"");
    }

    @Test
    void apiFunctions_whenSynthesized_letOnlyThisApiInvokeTheirLiveAlias() {
        Map<String, Map<String, Object>> permissions = resources(functions, "AWS::Lambda::Permission");
        for (FunctionGroup group : SynthesizedPlatform.platform().api().targets.keySet()) {
            assertThat(permissions.entrySet()).as(group.id).anySatisfy(permission -> {
                assertThat(permission.getKey()).startsWith(group.id + "Live");
                Map<String, Object> props = properties(permission.getValue());
                assertThat(props.get("Principal")).isEqualTo("apigateway.amazonaws.com");
                assertThat(referenced(props.get("FunctionName"))).startsWith(group.id + "Live");
                assertThat(json(props.get("SourceArn"))).contains("execute-api").contains("WfpApi");
            });
        }
        // Apart from the one that lets the pods' log subscription invoke the pod telemetry function.
        assertThat(permissions.entrySet()).filteredOn(e -> !e.getKey().startsWith("PodExecutionLines"))
                .allSatisfy(permission -> assertThat(properties(permission.getValue()).get("Principal"))
                        .isEqualTo("apigateway.amazonaws.com"));
    }

    @Test
    void routeFunction_whenSynthesized_readsTheTablesAndNeverWritesThem() {
        List<String> actions = actions(statements(FunctionGroup.ROUTE, "Allow"));
        assertThat(actions).contains("dynamodb:GetItem", "dynamodb:Query", "secretsmanager:GetSecretValue")
                .noneMatch(action -> action.matches("dynamodb:(Put|Update|Delete|BatchWrite).*"));
    }

    @Test
    void functionsThatCallPods_whenSynthesized_runInTheVpcAndNoOtherDoes() {
        for (FunctionGroup group : FunctionGroup.values()) {
            Map<String, Object> function = properties(lambda(group));
            if (group.reachesPods) {
                assertThat(json(function.get("VpcConfig"))).as(group.id)
                        .contains(group.id + "FunctionSecurityGroup");
            } else {
                assertThat(function).as(group.id).doesNotContainKey("VpcConfig");
            }
        }
    }

    @Test
    void publishFunction_whenSynthesized_knowsAndMayInvokeTheDeployWorkersLiveAlias() {
        assertThat(json(properties(lambda(FunctionGroup.PUBLISH)).get("Environment")))
                .contains(LambdaRuntime.PUBLIC_BASE_URL).contains(".execute-api.").contains("/prod");
        Map<String, Object> publish = properties(lambda(FunctionGroup.PUBLISH));
        assertThat(json(map(publish.get("Environment")).get("Variables")))
                .contains(LambdaRuntime.DEPLOY_WORKER_FUNCTION).contains("DeployWorkerLive");
        String role = referenced(publish.get("Role"));
        assertThat(json(policiesOf(role))).contains("lambda:InvokeFunction").contains("DeployWorkerLive");
    }

    @Test
    void telemetry_whenSynthesized_isWrittenByTheRouteAndPodTelemetryFunctionsAndReadByTheControlApiInALogGroupThatExpires() {
        Map<String, Map<String, Object>> groups = resources(functions, "AWS::Logs::LogGroup");
        Map<String, Object> telemetry = groups.entrySet().stream().filter(e -> e.getKey().startsWith("TelemetryLogs"))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        assertThat(properties(telemetry).get("RetentionInDays")).isEqualTo(400);
        for (FunctionGroup group : FunctionGroup.values()) {
            String variables = json(Templates.variables(properties(lambda(group))));
            String policies = json(policiesOf(referenced(properties(lambda(group)).get("Role"))));
            if (group == FunctionGroup.ROUTE || group == FunctionGroup.POD_TELEMETRY) {
                assertThat(variables).contains(LambdaRuntime.TELEMETRY_LOG_GROUP).contains("TelemetryLogs");
                assertThat(policies).contains("logs:PutLogEvents").doesNotContain("logs:FilterLogEvents");
            } else if (group == FunctionGroup.CONTROL_API) {
                assertThat(variables).contains(LambdaRuntime.TELEMETRY_LOG_GROUP);
                assertThat(policies).contains("logs:FilterLogEvents");
            } else {
                assertThat(variables).as(group.id).doesNotContain(LambdaRuntime.TELEMETRY_LOG_GROUP);
                assertThat(policies).as(group.id).doesNotContain("TelemetryLogs");
            }
        }
    }

    @Test
    void podExecutionLines_whenSynthesized_goFromThePodLogGroupToThePodTelemetryFunctionOnly() {
        assertThat(LambdaRuntime.POD_EXECUTION_FILTER)
                .isEqualTo(com.wfp.adapters.aws.telemetry.PodLogForwarder.FILTER_PATTERN);
        Map<String, Object> subscription = properties(resources(functions, "AWS::Logs::SubscriptionFilter").values()
                .stream().findFirst().orElseThrow());
        assertThat(subscription.get("FilterPattern")).isEqualTo(LambdaRuntime.POD_EXECUTION_FILTER);
        assertThat(json(subscription.get("LogGroupName"))).contains("PodLogs");
        assertThat(referenced(subscription.get("DestinationArn"))).startsWith("PodTelemetryLive");
        assertThat(resources(functions, "AWS::Logs::SubscriptionFilter")).hasSize(1);

        Map<String, Object> invoke = resources(functions, "AWS::Lambda::Permission").values().stream()
                .map(Templates::properties)
                .filter(permission -> referenced(permission.get("FunctionName")).startsWith("PodTelemetryLive"))
                .findFirst().orElseThrow();
        assertThat(invoke.get("Principal")).isEqualTo("logs.amazonaws.com");
        assertThat(json(invoke.get("SourceArn"))).contains("PodLogs");

        List<String> actions = actions(statements(FunctionGroup.POD_TELEMETRY, "Allow"));
        assertThat(actions).contains("dynamodb:GetItem", "logs:PutLogEvents")
                .noneMatch(action -> action.matches("dynamodb:(Put|Update|Delete|BatchWrite).*|secretsmanager:.*|ecs:.*"
                        + "|logs:FilterLogEvents|cloudwatch:.*"));
        assertThat(map(map(properties(lambda(FunctionGroup.POD_TELEMETRY)).get("Environment")).get("Variables")))
                .containsOnlyKeys(LambdaRuntime.TABLE, LambdaRuntime.TELEMETRY_LOG_GROUP);
    }

    @Test
    void functionsThatChangeRouting_whenSynthesized_mayPutAndDeleteOnlyTheWorkflowAlarmsAndProjectDashboards() {
        for (FunctionGroup group : FunctionGroup.values()) {
            Map<String, Object> function = properties(lambda(group));
            List<Map<String, Object>> statements = policiesOf(referenced(function.get("Role"))).stream()
                    .flatMap(policy -> list(map(policy.get("PolicyDocument")).get("Statement")).stream())
                    .map(Templates::map)
                    .filter(statement -> json(statement.get("Action")).matches(".*cloudwatch:(Put|Delete|GetDashboard).*"))
                    .toList();
            if (FunctionsStack.MONITORS.contains(group)) {
                assertThat(json(map(function.get("Environment")).get("Variables"))).as(group.id)
                        .contains(LambdaRuntime.CLOUDWATCH_MONITORING);
                assertThat(statements).as(group.id).hasSize(2).allSatisfy(statement -> {
                    String resources = json(statement.get("Resource"));
                    assertThat(resources).doesNotContain("\"*\"");
                    assertThat(resources).containsAnyOf(":alarm:wfp-errors/*", ":dashboard/wfp_*");
                });
                assertThat(json(statements)).contains(":alarm:wfp-p95/*").contains("cloudwatch::");
            } else {
                assertThat(statements).as(group.id).isEmpty();
            }
        }
    }

    private static Map<String, Object> lambda(FunctionGroup group) {
        List<Map<String, Object>> found = lambdas.entrySet().stream()
                .filter(e -> e.getKey().startsWith(group.id + "Function"))
                .map(Map.Entry::getValue)
                .collect(Collectors.toList());
        assertThat(found).as("function of %s", group).hasSize(1);
        return found.get(0);
    }

    private static List<Map<String, Object>> policiesOf(String role) {
        return resources(functions, "AWS::IAM::Policy").values().stream()
                .map(Templates::properties)
                .filter(policy -> list(policy.get("Roles")).stream().anyMatch(r -> referenced(r).equals(role)))
                .toList();
    }
}
