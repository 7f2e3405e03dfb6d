package com.wfp.handlers.publishing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ProxyEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PublishabilityHandlerTest {

    private final PublishabilityHandler handler = new PublishabilityHandler();

    @Test
    void handle_whenWorkflowIsValid_enablesPublish() {
        APIGatewayProxyResponseEvent response = handler.handleRequest(ProxyEvents.load("validate-valid-workflow.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = ProxyEvents.body(response);
        assertThat(body.get("enabled").asBoolean()).isTrue();
        assertThat(body.get("reasons")).isEmpty();
        assertThat(body.get("errors").asInt()).isZero();
        assertThat(body.has("warnings")).isTrue();
    }

    @Test
    void handle_whenWorkflowHasErrors_disablesPublishWithReasonsAndStillAnswers200() {
        APIGatewayProxyResponseEvent response = handler.handleRequest(
                ProxyEvents.load("publishability-invalid-workflow.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = ProxyEvents.body(response);
        assertThat(body.get("enabled").asBoolean()).isFalse();
        assertThat(body.get("errors").asInt()).isPositive();
        assertThat(body.get("reasons")).hasSize(body.get("errors").asInt());
    }

    @Test
    void handle_whenDocumentIsUnparseable_disablesPublishWithTheParseError() {
        APIGatewayProxyResponseEvent response = handler.handleRequest(ProxyEvents.load("validate-malformed-json.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = ProxyEvents.body(response);
        assertThat(body.get("enabled").asBoolean()).isFalse();
        assertThat(body.get("errors").asInt()).isEqualTo(1);
        assertThat(body.get("reasons").get(0).asText()).contains("Invalid JSON at line 4");
    }
}
