package com.wfp.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.adapters.aws.MotoServer;
import com.wfp.adapters.aws.pod.PodTokens;
import com.wfp.adapters.aws.store.DynamoDbReleaseStore;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.pod.LineSink;
import com.wfp.pod.PodServer;
import com.wfp.pod.PodSettings;
import com.wfp.workflow.engine.EngineSettings;
import com.wfp.workflow.engine.SecretProvider;
import com.wfp.workflow.engine.WorkflowEngine;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.model.CanonicalJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The route function as Lambda runs it, wired by its environment: the real DynamoDB store against
 * moto_server, and a real pod server listening under the Cloud Map-style name of its user (the
 * failsafe JVM resolves {@code pod-ada.wfp.test} through {@code route-it/hosts}).
 */
class RouteHandlerIT {

    private static final WorkflowRef GREETING = new WorkflowRef("ada", "shop", "greeting");
    private static final String SECRET = "route-it-secret-0123456789abcdef0123";

    private final DynamoDbClient dynamo = MotoServer.shared().configure(DynamoDbClient.builder()).build();
    private final String table = "wfp-route-" + UUID.randomUUID();
    private DynamoDbReleaseStore store;
    private PodServer pod;
    private RouteHandler handler;
    private Release v1;
    private Release v2;

    @BeforeEach
    void setUp() throws Exception {
        DynamoDbReleaseStore.createTable(dynamo, table);
        store = new DynamoDbReleaseStore(dynamo, table);
        v1 = store.createRelease(release("v1.0.0", "Hello"));
        v2 = store.createRelease(release("v1.1.0", "Welcome"));
        store.compareAndSetRouting(GREETING, 0, RoutingConfig.empty(GREETING).withWeights(List.of(
                new RouteWeight(v1.id(), 100), new RouteWeight(v2.id(), 0))), "ada", "first publish");

        String token = new PodTokens(SECRET).tokenOf("ada");
        LineSink quiet = new LineSink() {
            @Override
            public void write(String line) {
            }

            @Override
            public void flush() {
            }
        };
        pod = new PodServer(PodSettings.defaults(token), new WorkflowEngine(EngineSettings.defaults(),
                name -> java.util.Optional.empty()), quiet).start();
        // Only v1 is loaded: the pinned call to v1.1.0 must load it through the pod's admin API.
        HttpResponse<String> loaded = HttpPodInvoker.newClient().send(HttpRequest.newBuilder(
                        pod.uri().resolve("/releases/" + v1.id().value()))
                .header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"workflowId\":\"greeting\",\"version\":\"v1.0.0\","
                        + "\"definition\":" + v1.definition() + "}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(200);

        Map<String, String> environment = new HashMap<>();
        environment.put(AwsRouting.TABLE, table);
        environment.put(AwsRouting.POD_URL_TEMPLATE, "http://pod-{user}.wfp.test:" + pod.port());
        environment.put(AwsRouting.POD_TOKEN_SECRET, SECRET);
        environment.put(AwsRouting.ROUTING_MAX_AGE_MS, "100");
        handler = new RouteHandler(AwsRouting.router(environment, dynamo), AwsRouting.SHADOW_WAIT);
    }

    @AfterEach
    void tearDown() {
        if (pod != null) {
            pod.stop();
        }
        dynamo.close();
    }

    private static NewRelease release(String version, String word) throws Exception {
        String sample = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("basedir", "."))
                .resolve("../../samples/workflows/valid/greeting.json")).replace("'Hello, '", "'" + word + ", '");
        String canonical = CanonicalJson.of(ReportJson.mapper().readTree(sample));
        return NewRelease.of(GREETING, version, "", canonical, "{\"valid\":true,\"findings\":[]}", "ada",
                Instant.parse("2026-11-27T10:00:00Z"));
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
    void handle_afterARollbackInTheStore_routesToTheNewReleaseWithinTheMaximumAge() throws Exception {
        assertThat(call(ProxyEvents.load("route-routed.json")).getHeaders()).containsEntry("X-Workflow-Version", "v1.0.0");

        store.compareAndSetRouting(GREETING, 1, RoutingConfig.empty(GREETING).withWeights(List.of(
                new RouteWeight(v1.id(), 0), new RouteWeight(v2.id(), 100))), "ada", "promote v1.1.0");
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
                AwsRouting.POD_TOKEN_SECRET, SECRET), dynamo))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.getMessage()).contains(AwsRouting.TABLE);
                    assertThat(e.hint()).contains("CDK");
                });
    }
}
