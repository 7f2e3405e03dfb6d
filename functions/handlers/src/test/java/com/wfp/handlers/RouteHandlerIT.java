package com.wfp.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.wfp.handlers.AwsRouteFixture.GREETING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The route function wired by its environment to the real DynamoDB store (moto_server) and a real pod. */
class RouteHandlerIT {

    private AwsRouteFixture aws;
    private RouteHandler handler;

    @BeforeEach
    void setUp() throws Exception {
        aws = new AwsRouteFixture();
        handler = new RouteHandler(AwsRouting.router(aws.environment(), aws.dynamo), AwsRouting.SHADOW_WAIT);
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    private APIGatewayProxyResponseEvent call(APIGatewayProxyRequestEvent event) {
        return handler.handleRequest(event, null);
    }

    @Test
    void handle_whenRouted_runsTheLiveReleaseInTheUsersPod() {
        APIGatewayProxyResponseEvent response = call(ProxyEvents.load("route-routed.json"));

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("X-Workflow-Version", "v1.0.0");
        assertThat(response.getBody()).contains("Hello, Ada");
    }

    @Test
    void handle_whenPinnedToAReleaseThePodLacks_loadsItThenRunsIt() {
        APIGatewayProxyRequestEvent event = ProxyEvents.load("route-pinned.json");
        event.getPathParameters().put("version", "v1.1.0");

        APIGatewayProxyResponseEvent response = call(event);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("X-Workflow-Version", "v1.1.0");
        assertThat(response.getBody()).contains("Welcome, Grace");
    }

    @Test
    void handle_afterAPromotionInTheStore_routesToTheNewReleaseWithinTheMaximumAge() throws Exception {
        assertThat(call(ProxyEvents.load("route-routed.json")).getHeaders()).containsEntry("X-Workflow-Version", "v1.0.0");

        aws.store.compareAndSetRouting(GREETING, 1, RoutingConfig.empty(GREETING).withWeights(List.of(
                new RouteWeight(aws.v1.id(), 0), new RouteWeight(aws.v2.id(), 100))), "ada", "promote v1.1.0");
        Thread.sleep(150);

        APIGatewayProxyResponseEvent response = call(ProxyEvents.load("route-routed.json"));
        assertThat(response.getHeaders()).containsEntry("X-Workflow-Version", "v1.1.0");
        assertThat(response.getBody()).contains("Welcome, Ada");
    }

    @Test
    void handle_whenTheWorkflowIsUnknown_answers404() {
        APIGatewayProxyRequestEvent event = ProxyEvents.load("route-routed.json");
        event.setPath("/w/ada/shop/nothing-here");
        event.setPathParameters(null);

        APIGatewayProxyResponseEvent response = call(event);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(ProxyEvents.body(response).path("error").path("hint").asText()).isNotBlank();
    }

    @Test
    void router_whenTheEnvironmentLacksTheTable_saysWhichVariableToSet() {
        assertThatThrownBy(() -> AwsRouting.router(Map.of(AwsRouting.POD_URL_TEMPLATE, "http://pod-{user}.x:1",
                AwsRouting.POD_TOKEN_SECRET, AwsRouteFixture.SECRET), aws.dynamo))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.getMessage()).contains(AwsRouting.TABLE);
                    assertThat(e.hint()).contains("CDK");
                });
    }
}
