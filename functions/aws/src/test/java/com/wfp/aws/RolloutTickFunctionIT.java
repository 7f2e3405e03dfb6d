package com.wfp.aws;

import com.wfp.adapters.aws.CloudWatchStandIn;
import com.wfp.adapters.aws.MotoServer;
import com.wfp.adapters.aws.events.EventBridgeEventBus;
import com.wfp.platform.rollout.RolloutGuard;
import com.wfp.platform.rollout.RolloutPlan;
import com.wfp.platform.rollout.RolloutState;
import com.wfp.platform.rollout.RolloutStatus;
import com.wfp.platform.routing.RouteWeight;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.wfp.aws.AwsRouteFixture.GREETING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rollouts ticking on AWS: a rollout started through the platform's services, then the rollout
 * tick function as the schedule invokes it, its guard reading the candidate's figures with
 * {@code GetMetricData} from a CloudWatch stand-in (moto does not speak the SDK's CloudWatch
 * protocol), against the DynamoDB store on moto and a real pod.
 */
class RolloutTickFunctionIT {

    private AwsRouteFixture aws;
    private CloudWatchStandIn cloudWatch;
    private EventBridgeClient eventBridge;
    private EcsClient ecs;
    private String cluster;
    private String taskDefinition;
    private Map<String, String> environment;

    @BeforeEach
    void setUp() throws Exception {
        aws = new AwsRouteFixture();
        cloudWatch = new CloudWatchStandIn();
        eventBridge = MotoServer.shared().configure(EventBridgeClient.builder()).build();
        String bus = "wfp-rollout-it-" + aws.table.substring(aws.table.length() - 8);
        EventBridgeEventBus.createBus(eventBridge, bus);
        environment = new HashMap<>(aws.environment());
        environment.put(AwsClients.ENDPOINT_URL + "_CLOUDWATCH", cloudWatch.endpoint().toString());
        environment.put(AwsPlatform.EVENT_BUS, bus);
        // ada's pod service, running the fixture's pod: a rollout's steps make sure it runs.
        ecs = MotoServer.shared().configure(EcsClient.builder()).build();
        cluster = bus;
        ecs.createCluster(b -> b.clusterName(cluster));
        taskDefinition = ecs.registerTaskDefinition(b -> b.family("wfp-pod-ada").containerDefinitions(
                ContainerDefinition.builder().name("pod").image("wfp-pod:1").memory(512).build()))
                .taskDefinition().taskDefinitionArn();
        ecs.createService(b -> b.cluster(cluster).serviceName("wfp-pod-ada").taskDefinition(taskDefinition).desiredCount(1));
        environment.put(AwsPlatform.ECS_CLUSTER, cluster);
        environment.put(AwsPlatform.POD_IMAGE, "000000000000.dkr.ecr.us-east-1.amazonaws.com/wfp-pod:1");
        environment.put(AwsPlatform.POD_SUBNETS, "subnet-0a1b2c3d");
        environment.put(AwsPlatform.POD_SECURITY_GROUP, "sg-0a1b2c3d");
        environment.put(AwsPlatform.POD_EXECUTION_ROLE_ARN, "arn:aws:iam::000000000000:role/wfp-pod-execution");
        environment.put(AwsPlatform.POD_LOG_GROUP, "/wfp/pods");
        // The rollout moves v1.1.0 from 0% to 50%, then 100%, each step at least 1 ms long.
        new AwsPlatform(environment).rollouts(new AwsPlatform(environment).environment("test")).start(GREETING,
                new RolloutPlan("v1.1.0", List.of(50, 100), Duration.ofMillis(1),
                        new RolloutGuard(0.05, 500, 10, Duration.ofMinutes(5))), "ada");
    }

    @AfterEach
    void tearDown() {
        ecs.deleteService(b -> b.cluster(cluster).service("wfp-pod-ada").force(true));
        ecs.deregisterTaskDefinition(b -> b.taskDefinition(taskDefinition));
        ecs.deleteCluster(b -> b.cluster(cluster));
        ecs.close();
        eventBridge.deleteEventBus(b -> b.name(environment.get(AwsPlatform.EVENT_BUS)));
        eventBridge.close();
        cloudWatch.close();
        aws.close();
    }

    private Map<String, Integer> weights() {
        return aws.store.routing(GREETING).weights().stream().collect(Collectors.toMap(
                w -> aws.store.release(w.releaseId()).orElseThrow().versionName(), RouteWeight::weight));
    }

    private RolloutState rollout() {
        return aws.store.rollout(GREETING).orElseThrow();
    }

    @Test
    void tick_whenTheCandidatesFiguresHold_movesItToTheNextStep() throws Exception {
        assertThat(weights()).containsEntry("v1.1.0", 50);
        cloudWatch.answer(Map.of("calls", new double[]{120}, "errors", new double[]{1}, "p95", new double[]{80}));
        Thread.sleep(5);

        Map<String, Object> answer = new RolloutTickFunction(new AwsPlatform(environment)).handleRequest(Map.of(), null);

        assertThat(answer).containsEntry("judged", 1);
        assertThat(weights()).containsEntry("v1.1.0", 100).containsEntry("v1.0.0", 0);
        assertThat(rollout().status()).isEqualTo(RolloutStatus.COMPLETED);
        assertThat(cloudWatch.lastRequest()).contains(aws.v2.id().value()).contains("p95");
    }

    @Test
    void tick_whenTheCandidateFailsTooOften_rollsBackToThePreviousRelease() throws Exception {
        cloudWatch.answer(Map.of("calls", new double[]{100}, "errors", new double[]{20}, "p95", new double[]{80}));
        Thread.sleep(5);

        new RolloutTickFunction(new AwsPlatform(environment)).handleRequest(Map.of(), null);

        assertThat(rollout().status()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(weights()).containsEntry("v1.0.0", 100).containsEntry("v1.1.0", 0);
    }

    @Test
    void tick_whenCloudWatchFails_keepsTheStepAndSaysItWillRetry() throws Exception {
        cloudWatch.fail();
        Thread.sleep(5);

        new RolloutTickFunction(new AwsPlatform(environment)).handleRequest(Map.of(), null);

        assertThat(rollout().status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(weights()).containsEntry("v1.1.0", 50);
    }
}
