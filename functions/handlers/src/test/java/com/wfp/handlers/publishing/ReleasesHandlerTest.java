package com.wfp.handlers.publishing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.InMemoryPlatform;
import com.wfp.handlers.http.ProxyEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReleasesHandlerTest {

    private final InMemoryPlatform platform = new InMemoryPlatform();

    @AfterEach
    void close() {
        platform.close();
    }

    @Test
    void listing_afterTwoPublishesAndADraft_showsTheDraftFirstThenReleasesWithStatesAndUrls() throws Exception {
        platform.publish("v1.0.0", InMemoryPlatform.greeting("Hello"));
        platform.publish("v1.1.0", InMemoryPlatform.greeting("Welcome"));
        new SaveDraftHandler(platform.services).handleRequest(ProxyEvents.load("save-draft.json"), null);

        APIGatewayProxyResponseEvent response =
                new ReleasesHandler(platform.services).handleRequest(ProxyEvents.load("list-releases.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = ProxyEvents.body(response);
        assertThat(body.path("productionUrl").asText()).isEqualTo("https://api.example.com/w/ada/shop/greeting");
        assertThat(body.path("suggestedVersion").asText()).isEqualTo("v1.1.1");
        JsonNode entries = body.path("entries");
        assertThat(entries).hasSize(3);
        assertThat(entries.get(0).path("state").asText()).isEqualTo("draft");
        assertThat(entries.get(0).path("differsFromLive").asBoolean()).isTrue();
        assertThat(entries.get(1).path("version").asText()).isEqualTo("v1.1.0");
        assertThat(entries.get(1).path("state").asText()).isEqualTo("live");
        assertThat(entries.get(1).path("trafficPercent").asInt()).isEqualTo(100);
        assertThat(entries.get(1).path("seq").asLong()).isEqualTo(2);
        assertThat(entries.get(2).path("state").asText()).isEqualTo("retired");
        assertThat(entries.get(2).path("pinnedUrl").asText())
                .isEqualTo("https://api.example.com/w/ada/shop/greeting/v/v1.0.0");
    }

    @Test
    void listing_whenTheWorkflowIsUnknown_answers404NamingItAndHowToPublish() {
        APIGatewayProxyResponseEvent response = new ReleasesHandler(platform.services)
                .handleRequest(ProxyEvents.load("list-releases-unknown-workflow.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        JsonNode error = ProxyEvents.body(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo("workflow.not-found");
        assertThat(error.path("message").asText()).contains("ada/shop/nothing");
        assertThat(error.path("hint").asText()).contains("wfp publish");
    }

    @Test
    void diff_betweenTwoVersions_namesTheChangedNode() throws Exception {
        platform.publish("v1.0.0", InMemoryPlatform.greeting("Hello"));
        platform.publish("v1.1.0", InMemoryPlatform.greeting("Welcome"));

        APIGatewayProxyResponseEvent response =
                new DiffHandler(platform.services).handleRequest(ProxyEvents.load("diff-versions.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = ProxyEvents.body(response);
        assertThat(body.path("identical").asBoolean()).isFalse();
        assertThat(body.path("nodesChanged").get(0).path("nodeId").asText()).isEqualTo("compose");
        assertThat(body.path("nodesAdded")).isEmpty();
    }

    @Test
    void diff_whenAVersionIsUnknown_answers404ListingTheKnownOnes() throws Exception {
        platform.publish("v1.0.0", InMemoryPlatform.greeting("Hello"));

        APIGatewayProxyResponseEvent response =
                new DiffHandler(platform.services).handleRequest(ProxyEvents.load("diff-unknown-version.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        JsonNode error = ProxyEvents.body(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo("release.version-not-found");
        assertThat(error.path("message").asText()).contains("v7.0.0").contains("v1.0.0");
    }

    @Test
    void diff_withoutTo_comparesTheVersionWithTheSavedDraft() throws Exception {
        platform.publish("v1.0.0", InMemoryPlatform.greeting("Welcome"));
        APIGatewayProxyResponseEvent noDraft =
                new DiffHandler(platform.services).handleRequest(ProxyEvents.load("diff-to-draft.json"), null);
        new SaveDraftHandler(platform.services).handleRequest(ProxyEvents.load("save-draft.json"), null);

        APIGatewayProxyResponseEvent response =
                new DiffHandler(platform.services).handleRequest(ProxyEvents.load("diff-to-draft.json"), null);

        assertThat(noDraft.getStatusCode()).isEqualTo(404);
        assertThat(ProxyEvents.body(noDraft).path("error").path("code").asText()).isEqualTo("draft.not-found");
        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = ProxyEvents.body(response);
        assertThat(body.path("from").asText()).isEqualTo("v1.0.0");
        assertThat(body.path("to").isNull()).isTrue();
        assertThat(body.path("identical").asBoolean()).isFalse();
        assertThat(body.path("nodesChanged").get(0).path("nodeId").asText()).isEqualTo("compose");
    }

    @Test
    void deployments_afterTwoPublishes_listBothNewestFirstWithTheirSteps() throws Exception {
        platform.publish("v1.0.0", InMemoryPlatform.greeting("Hello"));
        platform.publish("v1.1.0", InMemoryPlatform.greeting("Welcome"));

        APIGatewayProxyResponseEvent response =
                new ListDeploymentsHandler(platform.services).handleRequest(ProxyEvents.load("list-deployments.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = ProxyEvents.body(response);
        assertThat(body.path("workflow").asText()).isEqualTo("ada/shop/greeting");
        assertThat(body.path("deployments")).extracting(d -> d.path("version").asText()).containsExactly("v1.1.0", "v1.0.0");
        assertThat(body.path("deployments").get(0).path("state").asText()).isEqualTo("succeeded");
        assertThat(body.path("deployments").get(0).path("steps")).isNotEmpty();
        assertThat(body.path("deployments").get(0).path("podStart").asText()).isIn("cold", "warm");
    }

    @Test
    void deployments_whenTheLimitIsNotANumber_answers400SayingTheRange() {
        APIGatewayProxyResponseEvent response = new ListDeploymentsHandler(platform.services)
                .handleRequest(ProxyEvents.load("list-deployments-bad-limit.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        JsonNode error = ProxyEvents.body(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo("request.invalid-limit");
        assertThat(error.path("hint").asText()).contains("1 to 100");
    }
}
