package com.wfp.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * Network and pods: a VPC (public subnets for the NAT gateway, private ones for pods and the
 * functions that call them), the ECS cluster the users' Fargate services run in, the pod image
 * built from {@code functions/pod/Dockerfile}, the pod task definition with its two roles, the
 * secret pod tokens derive from, and the security groups: the pods' admits only the functions
 * that call pods (route and deploy worker), on the pod port.
 */
final class PodsStack extends Stack {

    /** The pod task definition's container. */
    static final String POD_CONTAINER = "pod";
    /** Defaults of the pod task definition; a user's plan sets its own when the pod manager registers it. */
    static final int DEFAULT_POD_CPU = 512;
    static final int DEFAULT_POD_MEMORY_MB = 1024;

    final Vpc vpc;
    final Cluster cluster;
    final FargateTaskDefinition podTask;
    final Role podExecutionRole;
    final Role podTaskRole;
    final SecurityGroup podSecurityGroup;
    /** One security group per function that calls pods, each admitted by the pods'. */
    final Map<FunctionGroup, SecurityGroup> podCallers;
    final Secret podTokenSecret;
    final LogGroup podLogs;

    PodsStack(Construct scope, String id, StackProps props, Repository repository) {
        super(scope, id, props);

        vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                // One NAT gateway: functions and pods reach AWS APIs and the internet through it.
                .natGateways(1)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .cidrMask(22).build()))
                // DynamoDB traffic bypasses the NAT gateway (and its per-GB charge).
                .gatewayEndpoints(Map.of("DynamoDb", GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.DYNAMODB).build()))
                // Nothing uses the default security group; restricting it needs a custom-resource function.
                .restrictDefaultSecurityGroup(false)
                .build();

        cluster = Cluster.Builder.create(this, "Cluster").vpc(vpc).build();

        podSecurityGroup = SecurityGroup.Builder.create(this, "PodSecurityGroup").vpc(vpc)
                .description("wfp pods: the pod port for the route and deploy worker functions only")
                // Workflows call external services (http.request).
                .allowAllOutbound(true)
                .build();
        podCallers = new java.util.EnumMap<>(FunctionGroup.class);
        for (FunctionGroup group : FunctionGroup.values()) {
            if (!group.reachesPods) {
                continue;
            }
            SecurityGroup caller = SecurityGroup.Builder.create(this, group.id + "FunctionSecurityGroup").vpc(vpc)
                    .description("wfp " + group.id + " function: calls pods")
                    .allowAllOutbound(true)
                    .build();
            podSecurityGroup.addIngressRule(Peer.securityGroupId(caller.getSecurityGroupId()),
                    Port.tcp(LambdaRuntime.POD_PORT_NUMBER), "pod port from the " + group.id + " function");
            podCallers.put(group, caller);
        }

        podTokenSecret = Secret.Builder.create(this, "PodTokenSecret")
                .description("wfp: the secret each pod's bearer token derives from (HMAC-SHA256 of the user id)")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(48).excludePunctuation(true).build())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        podLogs = LogGroup.Builder.create(this, "PodLogs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        // The execution role pulls the image, writes the logs and reads the token; the pod itself
        // calls no AWS API, so its task role grants nothing.
        podExecutionRole = Role.Builder.create(this, "PodExecutionRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("wfp pods: pull the image, write logs, read the pod token")
                .build();
        podTaskRole = Role.Builder.create(this, "PodTaskRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("wfp pods: no AWS permissions")
                .build();

        DockerImageAsset image = DockerImageAsset.Builder.create(this, "PodImage")
                .directory(repository.podImageContext().toString())
                .platform(Platform.LINUX_AMD64)
                // The image needs its Dockerfile and the shaded jar; sources and build leftovers stay out.
                .exclude(List.of("**", "!Dockerfile", "!" + Repository.POD_JAR))
                .build();

        podTask = FargateTaskDefinition.Builder.create(this, "PodTask")
                .cpu(DEFAULT_POD_CPU)
                .memoryLimitMiB(DEFAULT_POD_MEMORY_MB)
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(CpuArchitecture.X86_64)
                        .operatingSystemFamily(OperatingSystemFamily.LINUX).build())
                .executionRole(podExecutionRole)
                .taskRole(podTaskRole)
                .build();
        podTask.addContainer(POD_CONTAINER, ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromDockerImageAsset(image))
                .essential(true)
                .portMappings(List.of(PortMapping.builder().containerPort(LambdaRuntime.POD_PORT_NUMBER).build()))
                .environment(Map.of("WFP_POD_PORT", Integer.toString(LambdaRuntime.POD_PORT_NUMBER)))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(podLogs).streamPrefix("pod").build()))
                .build());
        podTokenSecret.grantRead(podExecutionRole);

        CfnOutput.Builder.create(this, "ClusterName").value(cluster.getClusterName())
                .description("ECS cluster of the users' pods").build();
        CfnOutput.Builder.create(this, "PodTaskDefinition").value(podTask.getTaskDefinitionArn())
                .description("Pod task definition the pod manager starts services from").build();
    }

    /** The private subnets pods and pod-calling functions run in. */
    SubnetSelection privateSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
    }
}
