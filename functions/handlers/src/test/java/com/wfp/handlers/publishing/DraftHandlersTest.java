package com.wfp.handlers.publishing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.InMemoryPlatform;
import com.wfp.handlers.http.ProxyEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DraftHandlersTest {

    private final InMemoryPlatform platform = new InMemoryPlatform();

    @AfterEach
    void close() {
        platform.close();
    }

    @Test
    void save_thenGet_returnsTheDraftWithItsFingerprintAndWhetherItDiffersFromLive() {
        APIGatewayProxyResponseEvent saved =
                new SaveDraftHandler(platform.services).handleRequest(ProxyEvents.load("save-draft.json"), null);
        APIGatewayProxyResponseEvent read =
                new GetDraftHandler(platform.services).handleRequest(ProxyEvents.load("get-draft.json"), null);

        assertThat(saved.getStatusCode()).isEqualTo(200);
        JsonNode savedBody = ProxyEvents.body(saved);
        assertThat(savedBody.path("sha256").asText()).hasSize(64);
        assertThat(savedBody.path("savedAt").asText()).isNotBlank();
        assertThat(savedBody.path("differsFromLive").asBoolean()).isTrue();
        JsonNode readBody = ProxyEvents.body(read);
        assertThat(readBody.path("sha256").asText()).isEqualTo(savedBody.path("sha256").asText());
        assertThat(readBody.path("definition").path("id").asText()).isEqualTo("greeting");
    }

    @Test
    void save_whenTheDraftEqualsTheLiveRelease_saysItDoesNotDiffer() throws Exception {
        platform.publish("v1.0.0", InMemoryPlatform.greeting("Hello"));

        APIGatewayProxyResponseEvent saved =
                new SaveDraftHandler(platform.services).handleRequest(ProxyEvents.load("save-draft.json"), null);

        assertThat(ProxyEvents.body(saved).path("differsFromLive").asBoolean()).isFalse();
    }

    @Test
    void get_withoutADraft_answers404() {
        APIGatewayProxyResponseEvent read =
                new GetDraftHandler(platform.services).handleRequest(ProxyEvents.load("get-draft.json"), null);

        assertThat(read.getStatusCode()).isEqualTo(404);
        assertThat(ProxyEvents.body(read).path("error").path("code").asText()).isEqualTo("draft.not-found");
    }

    @Test
    void run_withoutADefinition_runsTheSavedDraftOnceAndAnswersStatusBodyTraceAndPod() {
        new SaveDraftHandler(platform.services).handleRequest(ProxyEvents.load("save-draft.json"), null);

        APIGatewayProxyResponseEvent run =
                new DraftRunHandler(platform.services).handleRequest(ProxyEvents.load("run-draft.json"), null);

        assertThat(run.getStatusCode()).isEqualTo(200);
        JsonNode body = ProxyEvents.body(run);
        assertThat(body.path("status").asInt()).isEqualTo(200);
        assertThat(body.path("body").path("name").asText()).isEqualTo("Ada");
        assertThat(body.path("trace").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(body.path("pod").path("kind").asText()).isEqualTo("debug");
        assertThat(platform.draftRuns).hasSize(1).allSatisfy(r -> assertThat(r).startsWith("ada/shop/greeting "));
    }

    @Test
    void run_withoutADefinitionOrDraft_answers404() {
        APIGatewayProxyResponseEvent run =
                new DraftRunHandler(platform.services).handleRequest(ProxyEvents.load("run-draft.json"), null);

        assertThat(run.getStatusCode()).isEqualTo(404);
        assertThat(platform.draftRuns).isEmpty();
    }
}
