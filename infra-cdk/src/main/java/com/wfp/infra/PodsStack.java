package com.wfp.infra;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
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
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Network and pods: a VPC (public subnets for the NAT gateway, private ones for pods and the
 * functions that call them), the ECS cluster the users' Fargate services run in, the pod image
 * built from {@code functions/pod/Dockerfile}, the two roles pod tasks run with, their log group,
 * the secret pod tokens derive from, and the security groups: the pods' admits the pod port only
 * from the functions that call pods. The pod manager in {@code functions/aws} registers each
 * user's task definition and service from these.
 */
final class PodsStack extends Stack {

    final Vpc vpc;
    final Cluster cluster;
    final DockerImageAsset podImage;
    final Role podExecutionRole;
    final Role podTaskRole;
    final LogGroup podLogs;
    final SecurityGroup podSecurityGroup;
    /** One security group per function that calls pods, each admitted by the pods'. */
    final Map<FunctionGroup, SecurityGroup> podCallers = new EnumMap<>(FunctionGroup.class);
    final Secret podTokenSecret;

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
                .description("wfp pods: the pod port for the functions that call pods only")
                // Workflows call external services (http.request).
                .allowAllOutbound(true)
                .build();
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

        podImage = DockerImageAsset.Builder.create(this, "PodImage")
                .directory(repository.podImageContext().toString())
                .platform(Platform.LINUX_AMD64)
                // The image needs its Dockerfile and the shaded jar; sources and build leftovers stay out.
                .exclude(List.of("**", "!Dockerfile", "!" + Repository.POD_JAR))
                .build();

        // The execution role pulls the image, writes the pod logs and reads the user's own token
        // secret into the task; the pod itself calls no AWS API, so its task role grants nothing.
        podExecutionRole = Role.Builder.create(this, "PodExecutionRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("wfp pods: pull the image, write logs, read the pod's token")
                .build();
        podImage.getRepository().grantPull(podExecutionRole);
        podExecutionRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(podLogs.getLogGroupArn()))
                .build());
        podExecutionRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(userTokenSecrets()))
                .build());
        podTaskRole = Role.Builder.create(this, "PodTaskRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("wfp pods: no AWS permissions")
                .build();

        CfnOutput.Builder.create(this, "ClusterName").value(cluster.getClusterName())
                .description("ECS cluster of the users' pods").build();
    }

    /** The private subnets pods and pod-calling functions run in. */
    SubnetSelection privateSubnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
    }

    /** Every user's pod token secret (Secrets Manager adds six characters to each name). */
    String userTokenSecrets() {
        return formatArn(ArnComponents.builder().service("secretsmanager").resource("secret")
                .resourceName(LambdaRuntime.POD_TOKEN_SECRET_PREFIX_VALUE + "*")
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
    }
}
