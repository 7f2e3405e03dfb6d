package com.wfp.infra;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Lambda function per {@link FunctionGroup}, all from the same deployment package: Java 21,
 * SnapStart on published versions, a {@value #LIVE_ALIAS} alias that API Gateway, EventBridge and
 * the Scheduler invoke (never {@code $LATEST}), a log group with retention, and for each function
 * only the environment and permissions its handlers use.
 */
final class FunctionsStack extends Stack {

    /** The alias every caller invokes: SnapStart only applies to published versions. */
    static final String LIVE_ALIAS = "live";
    /** Per-workflow alarms are named with this prefix; the alarm rule matches it. */
    static final String WORKFLOW_ALARM_PREFIX = "wfp-workflow-";
    /** How long a warm route function serves a cached routing: the bound on a rollback reaching it. */
    static final String ROUTING_MAX_AGE_MS = "250";

    final Map<FunctionGroup, Function> functions = new EnumMap<>(FunctionGroup.class);
    final Map<FunctionGroup, Alias> live = new EnumMap<>(FunctionGroup.class);
    final EventBus eventBus;

    private final DataStack data;
    private final PodsStack pods;

    FunctionsStack(Construct scope, String id, StackProps props, Repository repository, DataStack data,
                   PodsStack pods) {
        super(scope, id, props);
        this.data = data;
        this.pods = pods;

        eventBus = EventBus.Builder.create(this, "PlatformEvents").build();

        Code code = Code.fromAsset(repository.lambdaPackage().toString());
        for (FunctionGroup group : FunctionGroup.values()) {
            LogGroup logs = LogGroup.Builder.create(this, group.id + "Logs")
                    .retention(RetentionDays.ONE_MONTH)
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build();
            Function.Builder builder = Function.Builder.create(this, group.id + "Function")
                    .description("wfp " + group.description)
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
                ISecurityGroup callerGroup = pods.podCallers.get(group);
                builder.vpc(pods.vpc).vpcSubnets(pods.privateSubnets()).securityGroups(List.of(callerGroup));
            }
            Function function = builder.build();
            Alias alias = Alias.Builder.create(this, group.id + "Live")
                    .aliasName(LIVE_ALIAS)
                    .version(function.getCurrentVersion())
                    .build();
            functions.put(group, function);
            live.put(group, alias);
        }
        for (FunctionGroup group : FunctionGroup.values()) {
            wire(group, functions.get(group));
        }
        CfnOutput.Builder.create(this, "EventBusName").value(eventBus.getEventBusName())
                .description("EventBridge bus of the platform's domain events").build();
    }

    /** The environment and permissions of one function: what its handlers read, write and call. */
    private void wire(FunctionGroup group, Function function) {
        Map<String, String> env = new HashMap<>();
        switch (group) {
            case VALIDATE -> {
                // Validation reads nothing and writes nothing.
            }
            case PUBLISH -> {
                env.put(LambdaRuntime.TABLE, data.platformTable.getTableName());
                env.put(LambdaRuntime.DEPLOY_WORKER_FUNCTION, live.get(FunctionGroup.DEPLOY_WORKER).getFunctionArn());
                data.platformTable.grantReadWriteData(function);
                live.get(FunctionGroup.DEPLOY_WORKER).grantInvoke(function);
            }
            case DEPLOY_WORKER -> {
                env.put(LambdaRuntime.TABLE, data.platformTable.getTableName());
                env.putAll(podEnvironment());
                env.put(LambdaRuntime.CLUSTER, pods.cluster.getClusterName());
                env.put(LambdaRuntime.TASK_DEFINITION, pods.podTask.getTaskDefinitionArn());
                env.put(LambdaRuntime.POD_SUBNETS, String.join(",",
                        pods.vpc.selectSubnets(pods.privateSubnets()).getSubnetIds()));
                env.put(LambdaRuntime.POD_SECURITY_GROUP, pods.podSecurityGroup.getSecurityGroupId());
                env.put(LambdaRuntime.EVENT_BUS, eventBus.getEventBusName());
                env.put(LambdaRuntime.ALARM_PREFIX, WORKFLOW_ALARM_PREFIX);
                data.platformTable.grantReadWriteData(function);
                data.podAddressTable.grantReadData(function);
                pods.podTokenSecret.grantRead(function);
                eventBus.grantPutEventsTo(function);
                managePods(function, true);
                manageWorkflowAlarms(function);
            }
            case ROUTE -> {
                env.put(LambdaRuntime.TABLE, data.platformTable.getTableName());
                env.putAll(podEnvironment());
                env.put(LambdaRuntime.ROUTING_MAX_AGE_MS, ROUTING_MAX_AGE_MS);
                data.platformTable.grantReadData(function);
                data.podAddressTable.grantReadData(function);
                pods.podTokenSecret.grantRead(function);
            }
            case ROLLBACK -> {
                env.put(LambdaRuntime.TABLE, data.platformTable.getTableName());
                env.put(LambdaRuntime.EVENT_BUS, eventBus.getEventBusName());
                data.platformTable.grantReadWriteData(function);
                eventBus.grantPutEventsTo(function);
            }
            case CONTROL_API -> {
                env.put(LambdaRuntime.TABLE, data.platformTable.getTableName());
                env.put(LambdaRuntime.EVENT_BUS, eventBus.getEventBusName());
                env.put(LambdaRuntime.CLUSTER, pods.cluster.getClusterName());
                data.platformTable.grantReadWriteData(function);
                eventBus.grantPutEventsTo(function);
                managePods(function, false);
                // The traffic view's last minute per release; GetMetricData has no resource-level permissions.
                function.addToRolePolicy(PolicyStatement.Builder.create()
                        .actions(List.of("cloudwatch:GetMetricData"))
                        .resources(List.of("*"))
                        .build());
            }
            case ROLLOUT_TICK -> {
                env.put(LambdaRuntime.TABLE, data.platformTable.getTableName());
                env.put(LambdaRuntime.EVENT_BUS, eventBus.getEventBusName());
                data.platformTable.grantReadWriteData(function);
                eventBus.grantPutEventsTo(function);
                // The guards read the route function's per-release metrics; GetMetricData takes no resource.
                function.addToRolePolicy(PolicyStatement.Builder.create()
                        .actions(List.of("cloudwatch:GetMetricData"))
                        .resources(List.of("*"))
                        .build());
            }
            case POD_REGISTRAR -> {
                env.put(LambdaRuntime.POD_ADDRESS_TABLE, data.podAddressTable.getTableName());
                env.put(LambdaRuntime.CLUSTER, pods.cluster.getClusterName());
                data.podAddressTable.grantReadWriteData(function);
            }
        }
        env.forEach(function::addEnvironment);
    }

    private Map<String, String> podEnvironment() {
        return Map.of(
                LambdaRuntime.POD_ADDRESS_TABLE, data.podAddressTable.getTableName(),
                LambdaRuntime.POD_TOKEN_SECRET_ARN, pods.podTokenSecret.getSecretArn(),
                LambdaRuntime.POD_PORT, Integer.toString(LambdaRuntime.POD_PORT_NUMBER));
    }

    /**
     * ECS on the platform's cluster only: reading its services and tasks, and when {@code change}
     * creating, scaling and deleting services and registering pod task definitions (with the pod
     * roles passed to ECS tasks only).
     */
    private void managePods(Function function, boolean change) {
        String clusterName = pods.cluster.getClusterName();
        String services = arn("ecs", "service", clusterName + "/*");
        String tasks = arn("ecs", "task", clusterName + "/*");
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecs:DescribeServices"))
                .resources(List.of(services))
                .build());
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecs:DescribeTasks"))
                .resources(List.of(tasks))
                .build());
        // ListTasks and ListServices name no resource: the condition keeps them to this cluster.
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecs:ListTasks", "ecs:ListServices"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnEquals", Map.of("ecs:cluster", pods.cluster.getClusterArn())))
                .build());
        if (!change) {
            function.addToRolePolicy(PolicyStatement.Builder.create()
                    .actions(List.of("ecs:UpdateService"))
                    .resources(List.of(services))
                    .build());
            return;
        }
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecs:CreateService", "ecs:UpdateService", "ecs:DeleteService", "ecs:TagResource"))
                .resources(List.of(services))
                .build());
        // Task definitions are registered per plan; these two actions take no resource.
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("ecs:RegisterTaskDefinition", "ecs:DescribeTaskDefinition"))
                .resources(List.of("*"))
                .build());
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("iam:PassRole"))
                .resources(List.of(pods.podExecutionRole.getRoleArn(), pods.podTaskRole.getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")))
                .build());
    }

    /** The per-workflow alarms, created at publish and removed at retirement: only alarms with the platform's prefix. */
    private void manageWorkflowAlarms(Function function) {
        function.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms"))
                .resources(List.of(arn("cloudwatch", "alarm", WORKFLOW_ALARM_PREFIX + "*")))
                .build());
    }

    private String arn(String service, String resource, String name) {
        return formatArn(ArnComponents.builder()
                .service(service).resource(resource).resourceName(name)
                .arnFormat(service.equals("cloudwatch") ? ArnFormat.COLON_RESOURCE_NAME : ArnFormat.SLASH_RESOURCE_NAME)
                .build());
    }
}
