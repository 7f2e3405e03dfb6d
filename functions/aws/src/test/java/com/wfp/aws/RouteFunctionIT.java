package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.adapters.aws.pod.DynamoDbPodAddresses;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static com.wfp.aws.AwsRouteFixture.GREETING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The route function built from its environment against the real DynamoDB store (moto_server) and a real pod. */
class RouteFunctionIT {

    private AwsRouteFixture aws;
    private RouteFunction function;

    @BeforeEach
    void setUp() throws Exception {
        aws = new AwsRouteFixture();
        Map<String, String> environment = new java.util.HashMap<>(aws.environment());
        environment.put(AwsPlatform.POD_ADDRESS_MAX_AGE_MS, "60000");
        function = new RouteFunction(new AwsPlatform(environment));
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    private APIGatewayProxyResponseEvent call(APIGatewayProxyRequestEvent event) {
        return function.handleRequest(event, null);
    }

    @Test
    void handle_whenRouted_runsTheLiveReleaseInTheUsersPod() {
        APIGatewayProxyResponseEvent response = call(Events.proxy("route-routed.json"));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("X-Workflow-Version", "v1.0.0");
        assertThat(response.getBody()).contains("Hello, Ada");
    }

    @Test
    void handle_whenPinnedToAReleaseThePodLacks_loadsItThenRunsIt() {
        APIGatewayProxyRequestEvent event = Events.proxy("route-pinned.json");
        event.getPathParameters().put("version", "v1.1.0");

        APIGatewayProxyResponseEvent response = call(event);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("X-Workflow-Version", "v1.1.0");
        assertThat(response.getBody()).contains("Welcome, Grace");
    }

    @Test
    void handle_afterAPromotionInTheStore_routesToTheNewReleaseWithinTheMaximumAge() throws Exception {
        assertThat(call(Events.proxy("route-routed.json")).getHeaders()).containsEntry("X-Workflow-Version", "v1.0.0");

        aws.store.compareAndSetRouting(GREETING, 1, RoutingConfig.empty(GREETING).withWeights(List.of(
                new RouteWeight(aws.v1.id(), 0), new RouteWeight(aws.v2.id(), 100))), "ada", "promote v1.1.0");
        Thread.sleep(150);

        APIGatewayProxyResponseEvent response = call(Events.proxy("route-routed.json"));
        assertThat(response.getHeaders()).containsEntry("X-Workflow-Version", "v1.1.0");
        assertThat(response.getBody()).contains("Welcome, Ada");
    }

    @Test
    void handle_afterThePodTaskWasReplaced_readsTheNewAddressOnceTheCachedOneRefuses() {
        DynamoDbPodAddresses addresses = new DynamoDbPodAddresses(aws.dynamo, aws.table, Clock.systemUTC());
        String dead = "arn:aws:ecs:us-east-1:000000000000:task/wfp/dead";
        addresses.stopped("ada", AwsRouteFixture.TASK_ARN);
        addresses.running("ada", dead, URI.create("http://127.0.0.1:1"));
        // The function caches the dead task's address for a minute.
        assertThat(function.handleRequest(Events.proxy("route-routed.json"), null).getStatusCode()).isEqualTo(503);

        addresses.stopped("ada", dead);
        addresses.running("ada", AwsRouteFixture.TASK_ARN, URI.create("http://127.0.0.1:" + aws.pod.port()));
        APIGatewayProxyResponseEvent response = call(Events.proxy("route-routed.json"));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(response.getBody()).contains("Hello, Ada");
    }

    @Test
    void routeFunction_whenTheEnvironmentLacksTheTable_saysWhichVariableToSet() {
        Map<String, String> environment = new java.util.HashMap<>(aws.environment());
        environment.remove(AwsPlatform.TABLE);

        assertThatThrownBy(() -> new RouteFunction(new AwsPlatform(environment)))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.getMessage()).contains(AwsPlatform.TABLE).contains("route function");
                    assertThat(e.hint()).contains("CDK");
                });
    }

}
