package com.wfp.handlers.publishing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.InMemoryPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PublishContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemoryPlatform platform = new InMemoryPlatform();
    private final PublishHandler handler = new PublishHandler(platform.services);

    @AfterEach
    void close() {
        platform.close();
    }

    @Test
    void publish_whoseSchemaNewlyRequiresAField_listsTheBreakAndSuggestsTheNextMajor() throws Exception {
        platform.publish("v1.0.0", InMemoryPlatform.greeting("Hello"));
        String stricter = InMemoryPlatform.greeting("Hello").replace("\"example\": { \"name\": \"Ada\" }", "\"example\": { \"name\": \"Ada\", \"age\": 36 }").replace("\"required\": [\"name\"]", "\"required\": [\"name\", \"age\"]")
                .replace("\"properties\": { \"name\"", "\"properties\": { \"age\": { \"type\": \"integer\" }, \"name\"");
        assertThat(stricter).contains("\"age\"");

        JsonNode contract = publish("v1.1.0", stricter).path("contract");

        assertThat(contract.path("liveVersion").asText()).isEqualTo("v1.0.0");
        assertThat(contract.path("breaks")).hasSize(1);
        assertThat(contract.path("breaks").get(0).path("kind").asText()).isEqualTo("newly-required");
        assertThat(contract.path("breaks").get(0).path("path").asText()).isEqualTo("/age");
        assertThat(contract.path("suggestedVersion").asText()).isEqualTo("v2.0.0");
    }

    @Test
    void publish_thatKeepsTheContract_listsNoBreakAndSuggestsThePatch() throws Exception {
        platform.publish("v1.0.0", InMemoryPlatform.greeting("Hello"));

        JsonNode contract = publish("v1.0.1", InMemoryPlatform.greeting("Welcome")).path("contract");

        assertThat(contract.path("breaks")).isEmpty();
        assertThat(contract.path("suggestedVersion").asText()).isEqualTo("v1.0.1");
    }

    @Test
    void firstPublish_hasNothingToCompareWith() throws Exception {
        JsonNode contract = publish("v1.0.0", InMemoryPlatform.greeting("Hello")).path("contract");

        assertThat(contract.path("breaks")).isEmpty();
        assertThat(contract.path("liveVersion").isNull()).isTrue();
    }

    private JsonNode publish(String version, String definition) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.set("definition", JSON.readTree(definition));
        body.put("version", version);
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent().withHttpMethod("POST")
                .withPath("/api/v1/workflows/ada/shop/greeting/releases")
                .withPathParameters(Map.of("user", "ada", "project", "shop", "workflow", "greeting"))
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(JSON.writeValueAsString(body));
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
        JsonNode accepted = JSON.readTree(response.getBody());
        platform.awaitFinished(new com.wfp.platform.deployment.DeploymentId(accepted.path("deploymentId").asText()));
        return accepted;
    }
}
