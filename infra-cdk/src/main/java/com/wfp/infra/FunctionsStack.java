package com.wfp.infra;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Permission;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.SubscriptionFilter;
import software.amazon.awscdk.services.logs.destinations.LambdaDestination;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One Lambda function per {@link FunctionGroup}, all from the same deployment package: Java 21,
 * SnapStart on published versions, a {@value #LIVE_ALIAS} alias that API Gateway, EventBridge and
 * the Scheduler invoke (never {@code $LATEST}), a log group with retention, and for each function
 * only the environment and permissions its composition root in {@code functions/aws} uses.
 */
final class FunctionsStack extends Stack {

    /** The alias every caller invokes: SnapStart only applies to published versions. */
    static final String LIVE_ALIAS = "live";
    /** How long a warm route or authorizer function trusts its cached routing, keys and rules. */
    static final String ROUTING_MAX_AGE_MS = "250";
    /** The functions behind API Gateway wait this long for a new pod, inside their 29 s. */
    static final String API_POD_READY_TIMEOUT_MS = "25000";
    /** The deploy worker waits this long for a new pod task, inside its own timeout. */
    static final String WORKER_POD_READY_TIMEOUT_MS = "600000";

    /** Groups that manage users' pods on ECS (ensure, load, scale) and so get the pod manager's settings. */
    static final Set<FunctionGroup> POD_MANAGERS = EnumSet.of(FunctionGroup.PUBLISH, FunctionGroup.DEPLOY_WORKER,
            FunctionGroup.ROLLBACK, FunctionGroup.CONTROL_API, FunctionGroup.ROLLOUT_TICK);
    /** Groups that answer control calls, so check the admin token and people's tokens, and audit each call. */
    static final Set<FunctionGroup> ADMIN_CHECKED = EnumSet.of(FunctionGroup.VALIDATE, FunctionGroup.PUBLISH,
            FunctionGroup.ROLLBACK, FunctionGroup.CONTROL_API);
    /** Groups that open project secrets: to hand them to pods with each release, or to manage them. */
    static final Set<FunctionGroup> SECRET_OPENERS = EnumSet.of(FunctionGroup.PUBLISH, FunctionGroup.DEPLOY_WORKER,
            FunctionGroup.ROUTE, FunctionGroup.ROLLBACK, FunctionGroup.CONTROL_API, FunctionGroup.ROLLOUT_TICK);
    /** Groups that accept publishes (and so hand them to the deploy worker) or build production URLs. */
    static final Set<FunctionGroup> PUBLISHERS = EnumSet.of(FunctionGroup.PUBLISH, FunctionGroup.ROLLBACK,
            FunctionGroup.CONTROL_API);

    /** Groups that watch the users' pods (states and health) without managing them. */
    static final Set<FunctionGroup> POD_WATCHERS = EnumSet.of(FunctionGroup.ALERT_TICK);

    /** Groups whose routing changes put the workflows' CloudWatch alarms and their projects' dashboards. */
    static final Set<FunctionGroup> MONITORS = EnumSet.of(FunctionGroup.DEPLOY_WORKER, FunctionGroup.ROLLBACK,
            FunctionGroup.CONTROL_API, FunctionGroup.ROLLOUT_TICK);

    /**
     * The optional CDK context naming an OIDC issuer, by {@code wfp.oidc.*} property: with
     * {@code wfp:oidcIssuer}, {@code wfp:oidcAudience} and {@code wfp:oidcJwksUrl} set, the functions
     * that authenticate control calls and the authorizer accept that issuer's JWTs.
     */
    static final Map<String, String> OIDC_CONTEXT = Map.of("issuer", "wfp:oidcIssuer", "audience", "wfp:oidcAudience",
            "jwksUrl", "wfp:oidcJwksUrl", "personClaim", "wfp:oidcPersonClaim");

    final Map<FunctionGroup, Function> functions = new EnumMap<>(FunctionGroup.class);
    /** Production telemetry: the route and pod telemetry functions write it, the control API reads it. */
    final LogGroup telemetryLogs;
    final Map<FunctionGroup, Alias> live = new EnumMap<>(FunctionGroup.class);
    final EventBus eventBus;
    final CfnParameter adminTokenSha256;

    private final DataStack data;
    private final PodsStack pods;
    private final ApiStack api;

    FunctionsStack(Construct scope, String id, StackProps props, Repository repository, DataStack data,
                   PodsStack pods, ApiStack api) {
        super(scope, id, props);
        this.data = data;
        this.pods = pods;
        this.api = api;

        adminTokenSha256 = CfnParameter.Builder.create(this, "AdminTokenSha256")
                .type("String")
                .allowedPattern("^[0-9a-f]{64}$")
                .constraintDescription("the SHA-256 of the admin token: 64 lower-case hex digits")
                .description("SHA-256 (hex) of the admin token control calls present as Authorization: Bearer")
                .build();
        eventBus = EventBus.Builder.create(this, "PlatformEvents").build();

        // Minute lines are small (one per release and container a minute): kept as long as the local hour aggregates.
        telemetryLogs = LogGroup.Builder.create(this, "TelemetryLogs")
                .retention(RetentionDays.THIRTEEN_MONTHS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        Code code = Code.fromAsset(repository.lambdaPackage().toString());
        for (FunctionGroup group : FunctionGroup.values()) {
            LogGroup logs = LogGroup.Builder.create(this, group.id + "Logs")
                    .retention(RetentionDays.ONE_MONTH)
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build();
            // Its own role instead of the managed basic execution role, whose log permissions cover every log group.
            Role role = Role.Builder.create(this, group.id + "Role")
                    .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                    .description("wfp " + group.functionName() + ": its log group and what its group uses")
                    .build();
            role.addToPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                    .resources(List.of(logs.getLogGroupArn()))
                    .build());
            if (group.reachesPods) {
                // Lambda's network interfaces in the VPC; these actions name no resource.
                role.addToPolicy(PolicyStatement.Builder.create()
                        .actions(List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
                                "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface",
                                "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"))
                        .resources(List.of("*"))
                        .build());
            }
            Function.Builder builder = Function.Builder.create(this, group.id + "Function")
                    .role(role)
                    .functionName(group.functionName())
                    .description("wfp: " + group.description)
                    .runtime(Runtime.JAVA_21)
                    .architecture(Architecture.ARM_64)
                    .handler(LambdaRuntime.handler(group.entryClass))
                    .code(code)
                    .memorySize(group.memoryMb)
                    .timeout(Duration.seconds(group.timeoutSeconds))
                    .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                    .logGroup(logs)
                    .loggingFormat(LoggingFormat.TEXT);
            if (group.reachesPods) {
                builder.vpc(pods.vpc).vpcSubnets(pods.privateSubnets())
                        .securityGroups(List.of(pods.podCallers.get(group)));
            }
            Function function = builder.build();
            functions.put(group, function);
            live.put(group, Alias.Builder.create(this, group.id + "Live")
                    .aliasName(LIVE_ALIAS)
                    .version(function.getCurrentVersion())
                    .build());
        }
        for (FunctionGroup group : FunctionGroup.values()) {
            wire(group, functions.get(group));
        }
        for (FunctionGroup group : api.targets.keySet()) {
            // The API names these aliases before they exist; the invoke permissions are granted here.
            String source = group == FunctionGroup.AUTHORIZER ? "/*" : "/" + ApiStack.STAGE + "/*/*";
            live.get(group).addPermission("InvokeFromApi", Permission.builder()
                    .principal(new ServicePrincipal("apigateway.amazonaws.com"))
                    .action("lambda:InvokeFunction")
                    .sourceArn(formatArn(ArnComponents.builder().service("execute-api")
                            .resource(api.api.getRestApiId()).resourceName(source.substring(1))
                            .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build()))
                    .build());
        }

        // The pods' execution lines (and nothing else they log) go to the function that stores them as telemetry.
        SubscriptionFilter.Builder.create(this, "PodExecutionLines")
                .logGroup(pods.podLogs)
                .filterPattern(FilterPattern.literal(LambdaRuntime.POD_EXECUTION_FILTER))
                .destination(new LambdaDestination(live.get(FunctionGroup.POD_TELEMETRY)))
                .build();

        CfnOutput.Builder.create(this, "EventBusName").value(eventBus.getEventBusName())
                .description("EventBridge bus of the platform's domain events").build();
    }

    /** The environment and permissions of one function: what its composition root reads, writes and calls. */
    private void wire(FunctionGroup group, Function function) {
        Map<String, String> env = new TreeMap<>();
        if (ADMIN_CHECKED.contains(group)) {
            env.put(LambdaRuntime.ADMIN_TOKEN_SHA256, adminTokenSha256.getValueAsString());
        }
        if (ADMIN_CHECKED.contains(group) || group == FunctionGroup.AUTHORIZER) {
            env.putAll(oidcEnvironment());
        }
        if (SECRET_OPENERS.contains(group)) {
            env.put(LambdaRuntime.SECRETS_KEY_ARN, data.secretsKey.getSecretArn());
            data.secretsKey.grantRead(function);
        }
        // The audit trail is append-only for every function: no role may change or remove a record.
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .effect(Effect.DENY)
                .actions(List.of("dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"))
                .resources(List.of(data.platformTable.getTableArn()))
                .conditions(auditPartition("ForAnyValue:StringEquals"))
                .build());
        if (group == FunctionGroup.CONSOLE) {
            // Answers files packed in its own code: no environment, no table, no secret, no other AWS API.
            return;
        }
        env.put(LambdaRuntime.TABLE, data.platformTable.getTableName());
        if (PUBLISHERS.contains(group)) {
            env.put(LambdaRuntime.PUBLIC_BASE_URL, api.publicBaseUrl());
            env.put(LambdaRuntime.DEPLOY_WORKER_FUNCTION, live.get(FunctionGroup.DEPLOY_WORKER).getFunctionArn());
            live.get(FunctionGroup.DEPLOY_WORKER).grantInvoke(function);
        }
        if (POD_MANAGERS.contains(group)) {
            env.put(LambdaRuntime.EVENT_BUS, eventBus.getEventBusName());
            eventBus.grantPutEventsTo(function);
            env.putAll(podManagerEnvironment(group));
            // Every pod manager derives pod tokens at init.
            pods.podTokenSecret.grantRead(function);
            if (group != FunctionGroup.PUBLISH) {
                // The publish function only hands steps to the worker; the others ensure, load and scale pods.
                managePods(function);
            }
        }
        if (POD_WATCHERS.contains(group)) {
            // Alerts go to the bus; pod-down and uptime read the pod services and ask each pod for its health.
            env.put(LambdaRuntime.EVENT_BUS, eventBus.getEventBusName());
            eventBus.grantPutEventsTo(function);
            env.putAll(podManagerEnvironment(group));
            pods.podTokenSecret.grantRead(function);
            watchPods(function);
        }
        switch (group) {
            case VALIDATE -> {
                // Reads people's tokens; writes nothing but its audit records, and, with an OIDC issuer,
                // the person a JWT names when it is met for the first time.
                data.platformTable.grantReadData(function);
                appendAudit(function);
                if (!oidcEnvironment().isEmpty()) {
                    function.addToRolePolicy(PolicyStatement.Builder.create()
                            .actions(List.of("dynamodb:PutItem"))
                            .resources(List.of(data.platformTable.getTableArn()))
                            .conditions(Map.of("ForAllValues:StringEquals",
                                    Map.of("dynamodb:LeadingKeys", List.of(LambdaRuntime.PEOPLE_PARTITION))))
                            .build());
                }
            }
            case ROUTE -> {
                env.put(LambdaRuntime.POD_TOKEN_SECRET_ARN, pods.podTokenSecret.getSecretArn());
                env.put(LambdaRuntime.ROUTING_MAX_AGE_MS, ROUTING_MAX_AGE_MS);
                data.platformTable.grantReadData(function);
                pods.podTokenSecret.grantRead(function);
            }
            case AUTHORIZER -> {
                env.put(LambdaRuntime.ROUTING_MAX_AGE_MS, ROUTING_MAX_AGE_MS);
                data.platformTable.grantReadData(function);
                // Refused calls and per-minute counts go to the audit trail.
                appendAudit(function);
                // A key's last use is written at most once a minute.
                function.addToRolePolicy(PolicyStatement.Builder.create()
                        .actions(List.of("dynamodb:UpdateItem"))
                        .resources(List.of(data.platformTable.getTableArn()))
                        .build());
                // Allowed calls are added to per-key, per-minute counts, and a settled count is taken
                // (deleted) by the authorizer that writes it to the trail: in their partition only.
                function.addToRolePolicy(PolicyStatement.Builder.create()
                        .actions(List.of("dynamodb:DeleteItem"))
                        .resources(List.of(data.platformTable.getTableArn()))
                        .conditions(Map.of("ForAllValues:StringEquals",
                                Map.of("dynamodb:LeadingKeys", List.of(LambdaRuntime.INVOCATIONS_PARTITION))))
                        .build());
            }
            case POD_REGISTRAR -> data.platformTable.grantReadWriteData(function);
            // Names the releases of the lines it stores; writes nothing in the table.
            case POD_TELEMETRY -> data.platformTable.grantReadData(function);
            default -> {
                data.platformTable.grantReadWriteData(function);
                if (group == FunctionGroup.ROLLBACK || group == FunctionGroup.CONTROL_API
                        || group == FunctionGroup.ROLLOUT_TICK || group == FunctionGroup.ALERT_TICK) {
                    // Rollout guards, alerts and the traffic view read the route function's per-release metrics;
                    // GetMetricData takes no resource.
                    function.addToRolePolicy(PolicyStatement.Builder.create()
                            .actions(List.of("cloudwatch:GetMetricData"))
                            .resources(List.of("*"))
                            .build());
                }
            }
        }
        if (group == FunctionGroup.ROUTE || group == FunctionGroup.CONTROL_API || group == FunctionGroup.POD_TELEMETRY) {
            env.put(LambdaRuntime.TELEMETRY_LOG_GROUP, telemetryLogs.getLogGroupName());
            function.addToRolePolicy(PolicyStatement.Builder.create()
                    .actions(group == FunctionGroup.CONTROL_API ? List.of("logs:FilterLogEvents")
                            : List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                    .resources(List.of(telemetryLogs.getLogGroupArn()))
                    .build());
        }
        if (MONITORS.contains(group)) {
            env.put(LambdaRuntime.CLOUDWATCH_MONITORING, "on");
            monitorWorkflows(function);
        }
        env.forEach(function::addEnvironment);
    }

    /** The OIDC issuer's variables from the context, or none when it names no issuer. */
    private Map<String, String> oidcEnvironment() {
        Map<String, String> env = new TreeMap<>();
        Object issuer = getNode().tryGetContext(OIDC_CONTEXT.get("issuer"));
        if (issuer == null || issuer.toString().isBlank()) {
            return env;
        }
        env.put(LambdaRuntime.OIDC_ISSUER, issuer.toString());
        Map.of("audience", LambdaRuntime.OIDC_AUDIENCE, "jwksUrl", LambdaRuntime.OIDC_JWKS_URL,
                "personClaim", LambdaRuntime.OIDC_PERSON_CLAIM).forEach((name, variable) -> {
                    Object value = getNode().tryGetContext(OIDC_CONTEXT.get(name));
                    if (value != null && !value.toString().isBlank()) {
                        env.put(variable, value.toString());
                    }
                });
        return env;
    }

    /** Appends to the audit trail and writes nothing else: new items in its partition only. */
    private void appendAudit(Function function) {
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:PutItem"))
                .resources(List.of(data.platformTable.getTableArn()))
                .conditions(auditPartition("ForAllValues:StringEquals"))
                .build());
    }

    private static Map<String, Object> auditPartition(String operator) {
        return Map.of(operator, Map.of("dynamodb:LeadingKeys", List.of(LambdaRuntime.AUDIT_PARTITION)));
    }

    /** The per-workflow alarms and per-project dashboards, by their names' prefixes; nothing else of CloudWatch. */
    private void monitorWorkflows(Function function) {
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"))
                .resources(List.of(arn("cloudwatch", "alarm", LambdaRuntime.ERROR_ALARM_PREFIX + "*",
                                ArnFormat.COLON_RESOURCE_NAME),
                        arn("cloudwatch", "alarm", LambdaRuntime.P95_ALARM_PREFIX + "*", ArnFormat.COLON_RESOURCE_NAME)))
                .build());
        // Dashboards are global: their ARNs name no region.
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("cloudwatch:GetDashboard", "cloudwatch:PutDashboard", "cloudwatch:DeleteDashboards"))
                .resources(List.of(formatArn(ArnComponents.builder().service("cloudwatch").region("")
                        .resource("dashboard").resourceName(LambdaRuntime.DASHBOARD_PREFIX + "*")
                        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build())))
                .build());
    }

    private Map<String, String> podManagerEnvironment(FunctionGroup group) {
        Map<String, String> env = new TreeMap<>();
        env.put(LambdaRuntime.POD_TOKEN_SECRET_ARN, pods.podTokenSecret.getSecretArn());
        env.put(LambdaRuntime.CLUSTER, pods.cluster.getClusterName());
        env.put(LambdaRuntime.POD_IMAGE, pods.podImage.getImageUri());
        env.put(LambdaRuntime.POD_SUBNETS, String.join(",", pods.vpc.selectSubnets(pods.privateSubnets()).getSubnetIds()));
        env.put(LambdaRuntime.POD_SECURITY_GROUP, pods.podSecurityGroup.getSecurityGroupId());
        env.put(LambdaRuntime.POD_EXECUTION_ROLE_ARN, pods.podExecutionRole.getRoleArn());
        env.put(LambdaRuntime.POD_TASK_ROLE_ARN, pods.podTaskRole.getRoleArn());
        env.put(LambdaRuntime.POD_LOG_GROUP, pods.podLogs.getLogGroupName());
        env.put(LambdaRuntime.POD_TOKEN_SECRET_PREFIX, LambdaRuntime.POD_TOKEN_SECRET_PREFIX_VALUE);
        env.put(LambdaRuntime.POD_READY_TIMEOUT_MS, group == FunctionGroup.DEPLOY_WORKER
                ? WORKER_POD_READY_TIMEOUT_MS : API_POD_READY_TIMEOUT_MS);
        return env;
    }

    /**
     * What the pod manager calls, on the platform's own resources only: the users' services in
     * this cluster, their task definitions, the pod roles passed to ECS tasks alone, each user's
     * token secret.
     */
    private void managePods(Function function) {
        String services = arn("ecs", "service", pods.cluster.getClusterName() + "/" + LambdaRuntime.POD_SERVICE_PREFIX + "*",
                ArnFormat.SLASH_RESOURCE_NAME);
        String taskDefinitions = arn("ecs", "task-definition", LambdaRuntime.POD_SERVICE_PREFIX + "*:*",
                ArnFormat.SLASH_RESOURCE_NAME);
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecs:CreateService", "ecs:UpdateService", "ecs:DescribeServices"))
                .resources(List.of(services))
                .build());
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecs:TagResource"))
                .resources(List.of(services, taskDefinitions))
                .build());
        // These two name no resource.
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecs:RegisterTaskDefinition", "ecs:DescribeTaskDefinition"))
                .resources(List.of("*"))
                .build());
        // Listing the pod services names no resource either; the condition keeps it to this cluster.
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecs:ListServices"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnEquals", Map.of("ecs:cluster", pods.cluster.getClusterArn())))
                .build());
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("iam:PassRole"))
                .resources(List.of(pods.podExecutionRole.getRoleArn(), pods.podTaskRole.getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")))
                .build());
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:CreateSecret", "secretsmanager:PutSecretValue"))
                .resources(List.of(pods.userTokenSecrets()))
                .build());
    }

    /** Reads the users' pod services of this cluster and nothing else of ECS. */
    private void watchPods(Function function) {
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecs:DescribeServices"))
                .resources(List.of(arn("ecs", "service", pods.cluster.getClusterName() + "/"
                        + LambdaRuntime.POD_SERVICE_PREFIX + "*", ArnFormat.SLASH_RESOURCE_NAME)))
                .build());
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecs:ListServices"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnEquals", Map.of("ecs:cluster", pods.cluster.getClusterArn())))
                .build());
    }

    private String arn(String service, String resource, String name, ArnFormat format) {
        return formatArn(ArnComponents.builder().service(service).resource(resource).resourceName(name)
                .arnFormat(format).build());
    }
}
