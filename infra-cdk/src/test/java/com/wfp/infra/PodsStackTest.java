package com.wfp.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.wfp.infra.Templates.json;
import static com.wfp.infra.Templates.list;
import static com.wfp.infra.Templates.map;
import static com.wfp.infra.Templates.properties;
import static com.wfp.infra.Templates.referenced;
import static com.wfp.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

class PodsStackTest {

    private static Template pods;
    private static String podSecurityGroup;

    @BeforeAll
    static void synthesize() {
        pods = SynthesizedPlatform.template(SynthesizedPlatform.platform().pods());
        podSecurityGroup = resources(pods, "AWS::EC2::SecurityGroup").keySet().stream()
                .filter(id -> id.startsWith("PodSecurityGroup")).findFirst().orElseThrow();
    }

    @Test
    void podSecurityGroup_whenSynthesized_admitsOnlyTheFunctionsThatCallPodsOnThePodPort() {
        List<Map<String, Object>> ingress = new ArrayList<>();
        list(properties(resources(pods, "AWS::EC2::SecurityGroup").get(podSecurityGroup))
                .getOrDefault("SecurityGroupIngress", List.of())).forEach(rule -> ingress.add(map(rule)));
        resources(pods, "AWS::EC2::SecurityGroupIngress").values().stream().map(Templates::properties)
                .filter(rule -> referenced(rule.get("GroupId")).equals(podSecurityGroup))
                .forEach(ingress::add);

        List<String> callers = java.util.Arrays.stream(FunctionGroup.values()).filter(g -> g.reachesPods)
                .map(g -> g.id + "FunctionSecurityGroup").toList();
        assertThat(callers).contains("RouteFunctionSecurityGroup", "DeployWorkerFunctionSecurityGroup")
                .doesNotContain("ValidateFunctionSecurityGroup", "PublishFunctionSecurityGroup",
                        "AuthorizerFunctionSecurityGroup", "PodRegistrarFunctionSecurityGroup");
        assertThat(ingress).hasSize(callers.size()).allSatisfy(rule -> {
            assertThat(rule).doesNotContainKeys("CidrIp", "CidrIpv6", "SourcePrefixListId");
            assertThat(rule.get("IpProtocol")).isEqualTo("tcp");
            assertThat(rule.get("FromPort")).isEqualTo(LambdaRuntime.POD_PORT_NUMBER);
            assertThat(rule.get("ToPort")).isEqualTo(LambdaRuntime.POD_PORT_NUMBER);
        });
        assertThat(ingress.stream().map(rule -> referenced(rule.get("SourceSecurityGroupId"))))
                .allMatch(source -> callers.stream().anyMatch(source::startsWith))
                .doesNotHaveDuplicates();
    }

    @Test
    void podRoles_whenSynthesized_giveTheTaskNothingAndTheExecutionRoleOnlyImageLogsAndToken() {
        String taskRole = role("PodTaskRole");
        String executionRole = role("PodExecutionRole");
        List<Map<String, Object>> policies = resources(pods, "AWS::IAM::Policy").values().stream()
                .map(Templates::properties).toList();
        assertThat(policies).noneMatch(policy -> list(policy.get("Roles")).stream()
                .anyMatch(role -> referenced(role).equals(taskRole)));
        assertThat(properties(resources(pods, "AWS::IAM::Role").get(taskRole))).doesNotContainKey("ManagedPolicyArns");

        Set<String> allowed = Set.of("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer",
                "ecr:BatchGetImage", "ecr:GetAuthorizationToken", "logs:CreateLogStream", "logs:PutLogEvents",
                "secretsmanager:GetSecretValue");
        List<Object> actions = policies.stream()
                .filter(policy -> list(policy.get("Roles")).stream().anyMatch(role -> referenced(role).equals(executionRole)))
                .flatMap(policy -> list(map(policy.get("PolicyDocument")).get("Statement")).stream())
                .flatMap(statement -> list(map(statement).get("Action")).stream())
                .toList();
        assertThat(actions).isNotEmpty().allMatch(allowed::contains);
    }

    private static String role(String idPrefix) {
        return resources(pods, "AWS::IAM::Role").keySet().stream().filter(id -> id.startsWith(idPrefix))
                .findFirst().orElseThrow();
    }

    @Test
    void podImage_whenSynthesized_isBuiltFromThePodDockerfileWithOnlyItAndTheJar() {
        String assets = json(SynthesizedPlatform.assetManifest(SynthesizedPlatform.platform().pods()));
        assertThat(assets).contains("dockerImages").contains("linux/amd64");
    }

    @Test
    void vpc_whenSynthesized_hasOneNatGatewayAndAFreeDynamoDbEndpoint() {
        assertThat(resources(pods, "AWS::EC2::NatGateway")).hasSize(1);
        assertThat(resources(pods, "AWS::EC2::VPCEndpoint").values())
                .singleElement()
                .satisfies(endpoint -> assertThat(json(properties(endpoint).get("ServiceName"))).contains("dynamodb"));
    }
}
