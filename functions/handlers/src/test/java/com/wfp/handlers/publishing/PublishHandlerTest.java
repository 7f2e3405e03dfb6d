package com.wfp.handlers.publishing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.InMemoryPlatform;
import com.wfp.handlers.http.ProxyEvents;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PublishHandlerTest {

    private final InMemoryPlatform platform = new InMemoryPlatform();
    private final PublishHandler handler = new PublishHandler(platform.services);

    @AfterEach
    void close() {
        platform.close();
    }

    @Test
    void handle_whenPublishIsValid_answers202WithTheDeploymentToFollow() throws Exception {
        APIGatewayProxyResponseEvent response = handler.handleRequest(ProxyEvents.load("publish-release.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        JsonNode body = ProxyEvents.body(response);
        String id = body.path("deploymentId").asText();
        assertThat(body.path("state").asText()).isEqualTo("running");
        assertThat(body.path("statusUrl").asText()).isEqualTo("/api/v1/deployments/" + id);
        assertThat(body.path("eventsUrl").asText()).isEqualTo("/api/v1/deployments/" + id + "/events");
        assertThat(platform.awaitFinished(new DeploymentId(id)).state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(platform.store.releaseByVersion(InMemoryPlatform.GREETING, "v1.0.0"))
                .hasValueSatisfying(r -> assertThat(r.notes()).isEqualTo("First release"));
    }

    @Test
    void handle_whenTheSameIdempotencyKeyRepeats_answersTheSameDeployment() {
        String first = ProxyEvents.body(handler.handleRequest(ProxyEvents.load("publish-release.json"), null))
                .path("deploymentId").asText();
        String again = ProxyEvents.body(handler.handleRequest(ProxyEvents.load("publish-release.json"), null))
                .path("deploymentId").asText();

        assertThat(again).isEqualTo(first);
    }

    @Test
    void handle_whenTheVersionExists_answers409NamingItAndSuggestingTheNext() throws Exception {
        platform.publish("v1.0.0", InMemoryPlatform.greeting("Hello"));

        APIGatewayProxyResponseEvent response = handler.handleRequest(ProxyEvents.load("publish-release.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(409);
        JsonNode error = ProxyEvents.body(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo("release.version-exists");
        assertThat(error.path("message").asText()).contains("'v1.0.0'").contains("'v1.0.1'");
        assertThat(error.path("hint").asText()).contains("v1.0.1");
    }

    @Test
    void handle_whenTheDefinitionIsMissing_answers400WithAHint() {
        APIGatewayProxyResponseEvent response =
                handler.handleRequest(ProxyEvents.load("publish-release-without-definition.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        JsonNode error = ProxyEvents.body(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo("request.missing-field");
        assertThat(error.path("message").asText()).contains("definition");
        assertThat(error.path("hint").asText()).contains("definition", "version", "notes", "strategy");
    }
}
