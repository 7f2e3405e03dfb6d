package com.wfp.handlers.publishing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.InMemoryPlatform;
import com.wfp.handlers.http.ProxyEvents;
import com.wfp.handlers.http.StreamingHandler;
import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.EventBus;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentStatusHandlerTest {

    private final InMemoryPlatform platform = new InMemoryPlatform();

    @AfterEach
    void close() {
        platform.close();
    }

    private static APIGatewayProxyRequestEvent statusOf(Deployment deployment) {
        APIGatewayProxyRequestEvent event = ProxyEvents.load("deployment-status.json");
        event.setPathParameters(Map.of("id", deployment.id().value()));
        return event;
    }

    @Test
    void status_ofASucceededPublish_listsEveryStepAndTheProductionUrls() throws Exception {
        Deployment done = platform.publish("v1.0.0", InMemoryPlatform.greeting("Hello"));

        APIGatewayProxyResponseEvent response =
                new DeploymentStatusHandler(platform.services).handleRequest(statusOf(done), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = ProxyEvents.body(response);
        assertThat(body.path("state").asText()).isEqualTo("succeeded");
        assertThat(body.path("percentDone").asInt()).isEqualTo(100);
        assertThat(body.path("etaMs").asLong()).isZero();
        assertThat(body.path("steps").valueStream().map(s -> s.path("step").asText()))
                .containsExactly("validate", "snapshot", "ensure_pod", "load", "health_check", "route");
        assertThat(body.path("steps").valueStream().map(s -> s.path("outcome").asText())).containsOnly("succeeded");
        assertThat(body.path("productionUrl").asText()).isEqualTo("https://api.example.com/w/ada/shop/greeting");
        assertThat(body.path("pinnedUrl").asText()).isEqualTo("https://api.example.com/w/ada/shop/greeting/v/v1.0.0");
    }

    @Test
    void status_ofAFailedPublish_namesTheStepCodeMessageAndHint() throws Exception {
        platform.pods.answerDryRunsWith(500);
        Deployment failed = platform.publish("v1.0.0", InMemoryPlatform.greeting("Hello"));

        JsonNode body = ProxyEvents.body(
                new DeploymentStatusHandler(platform.services).handleRequest(statusOf(failed), null));

        assertThat(body.path("state").asText()).isEqualTo("failed");
        JsonNode failure = body.path("failure");
        assertThat(failure.path("step").asText()).isEqualTo("health_check");
        assertThat(failure.path("code").asText()).isEqualTo("publish.dry-run-failed");
        assertThat(failure.path("message").asText()).contains("500");
        assertThat(failure.path("hint").asText()).isNotBlank();
        assertThat(body.has("productionUrl")).isFalse();
    }

    @Test
    void status_ofAnUnknownDeployment_answers404NamingIt() {
        APIGatewayProxyResponseEvent response = new DeploymentStatusHandler(platform.services)
                .handleRequest(ProxyEvents.load("deployment-status.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(ProxyEvents.body(response).path("error").path("message").asText())
                .contains("dep-00000000000000000000000a");
    }

    @Test
    void events_onLambdaOfAFinishedDeployment_answerOneStatusEventWithoutARetryHint() throws Exception {
        Deployment done = platform.publish("v1.0.0", InMemoryPlatform.greeting("Hello"));

        APIGatewayProxyResponseEvent response =
                new DeploymentEventsHandler(platform.services).handleRequest(statusOf(done), null);

        assertThat(response.getHeaders().get("Content-Type")).isEqualTo("text/event-stream");
        assertThat(response.getBody()).startsWith("event: status\ndata: {").doesNotContain("retry:")
                .contains("\"state\":\"succeeded\"").endsWith("\n\n");
    }

    @Test
    void events_onLambdaOfARunningDeployment_answerOneStatusEventAndARetryHint() {
        Deployment running = platform.store.createDeployment(Deployment.start(
                new com.wfp.platform.deployment.DeploymentId("dep-0000000000000000000000ab"), InMemoryPlatform.GREETING,
                "v1.0.0", com.wfp.platform.deployment.PublishStrategy.ALL, "ada", java.time.Instant.now(), null));

        APIGatewayProxyResponseEvent response =
                new DeploymentEventsHandler(platform.services).handleRequest(statusOf(running), null);

        assertThat(response.getBody()).startsWith("retry: 1000\nevent: status\ndata: {")
                .contains("\"state\":\"running\"").endsWith("\n\n");
    }

    @Test
    void events_whereTheHostHasNoDomainEvents_areNotStreamed() throws Exception {
        Deployment done = platform.publish("v1.0.0", InMemoryPlatform.greeting("Hello"));

        assertThat(new DeploymentEventsHandler(platform.services).open(ApiRequest.of(statusOf(done), null))).isEmpty();
    }

    @Test
    void events_streamedOfAFinishedDeployment_sendItsStatusOnceAndLetGoOfTheSubscription() throws Exception {
        Deployment done = platform.publish("v1.0.0", InMemoryPlatform.greeting("Hello"));
        CountingBus bus = new CountingBus();
        List<String> sent = new ArrayList<>();

        try (StreamingHandler.TextStream stream = new DeploymentEventsHandler(platform.services, bus)
                .open(ApiRequest.of(statusOf(done), null)).orElseThrow()) {
            assertThat(stream.contentType()).startsWith("text/event-stream");
            stream.writeTo(sent::add);
        }

        assertThat(sent).singleElement().satisfies(event -> assertThat(event)
                .startsWith("event: status\ndata: {").contains("\"state\":\"succeeded\"").endsWith("\n\n"));
        assertThat(bus.open).hasValue(0);
    }

    @Test
    void events_streamedOfAnUnknownDeployment_areRefusedBeforeAnythingIsSentAndUnsubscribe() {
        CountingBus bus = new CountingBus();
        DeploymentEventsHandler handler = new DeploymentEventsHandler(platform.services, bus);

        assertThatThrownBy(() -> handler.open(ApiRequest.of(ProxyEvents.load("deployment-status.json"), null)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.httpStatus()).isEqualTo(404));
        assertThat(bus.open).hasValue(0);
    }

    /** Counts the subscriptions still open. */
    private static final class CountingBus implements EventBus {
        private final AtomicInteger open = new AtomicInteger();

        @Override
        public void publish(DomainEvent event) {
        }

        @Override
        public Subscription subscribe(Consumer<DomainEvent> listener) {
            open.incrementAndGet();
            return open::decrementAndGet;
        }
    }
}
