package com.wfp.handlers.publishing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ProxyEvents;
import com.wfp.workflow.model.WorkflowLimits;
import com.wfp.workflow.model.WorkflowParser;
import com.wfp.workflow.validation.WorkflowValidator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValidateHandlerTest {

    private final ValidateHandler handler = new ValidateHandler();

    @Test
    void handle_whenWorkflowIsValid_answers200WithReport() {
        APIGatewayProxyResponseEvent response = handler.handleRequest(ProxyEvents.load("validate-valid-workflow.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = ProxyEvents.body(response);
        assertThat(body.get("valid").asBoolean()).isTrue();
        assertThat(body.get("findings").isArray()).isTrue();
        assertThat(body.get("publishability").get("enabled").asBoolean()).isTrue();
        assertThat(body.get("publishability").get("errors").asInt()).isZero();
    }

    @Test
    void handle_whenWorkflowHasErrors_answers422WithFindings() {
        APIGatewayProxyResponseEvent response = handler.handleRequest(ProxyEvents.load("validate-invalid-workflow.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(422);
        JsonNode body = ProxyEvents.body(response);
        assertThat(body.get("valid").asBoolean()).isFalse();
        assertThat(body.get("findings")).isNotEmpty();
        JsonNode error = body.get("findings").get(0);
        assertThat(error.get("severity").asText()).isEqualTo("error");
        assertThat(error.get("code").asText()).matches("(graph|config|security)\\..+");
        assertThat(error.get("hint").asText()).isNotBlank();
        assertThat(body.get("publishability").get("enabled").asBoolean()).isFalse();
        assertThat(body.get("publishability").get("reasons")).isNotEmpty();
    }

    @Test
    void handle_whenBodyIsMalformedJson_answers400WithPosition() {
        APIGatewayProxyResponseEvent response = handler.handleRequest(ProxyEvents.load("validate-malformed-json.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        JsonNode error = ProxyEvents.body(response).get("error");
        assertThat(error.get("code").asText()).isEqualTo("parse.syntax");
        assertThat(error.get("line").asInt()).isEqualTo(4);
        assertThat(error.get("column").asInt()).isPositive();
        assertThat(error.get("message").asText()).contains("line 4");
        assertThat(error.get("hint").asText()).isNotBlank();
    }

    @Test
    void handle_whenBodyIsBase64_decodesItAndAnswersAsForPlainText() {
        APIGatewayProxyResponseEvent encoded = handler.handleRequest(ProxyEvents.load("validate-base64-body.json"), null);
        APIGatewayProxyResponseEvent plain = handler.handleRequest(ProxyEvents.load("validate-valid-workflow.json"), null);

        assertThat(encoded.getStatusCode()).isEqualTo(200);
        assertThat(encoded.getBody()).isEqualTo(plain.getBody());
    }

    @Test
    void handle_whenBase64BodyDoesNotDecode_answers400() {
        APIGatewayProxyRequestEvent event = ProxyEvents.load("validate-base64-body.json");
        event.setBody("not base64 at all!");

        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(ProxyEvents.body(response).get("error").get("code").asText()).isEqualTo("request.invalid-base64");
    }

    @Test
    void handle_whenBodyIsMissing_answers400WithHint() {
        APIGatewayProxyRequestEvent event = ProxyEvents.load("validate-valid-workflow.json");
        event.setBody(null);

        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        JsonNode error = ProxyEvents.body(response).get("error");
        assertThat(error.get("code").asText()).isEqualTo("request.empty-body");
        assertThat(error.get("hint").asText()).contains("format");
    }

    @Test
    void handle_whenDocumentExceedsParserLimit_answers413() {
        WorkflowParser small = new WorkflowParser(new WorkflowLimits(64, 500, 2000, 64, 65_536));
        ValidateHandler limited = new ValidateHandler(new WorkflowCheck(small, new WorkflowValidator()));

        APIGatewayProxyResponseEvent response = limited.handleRequest(ProxyEvents.load("validate-valid-workflow.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(413);
        assertThat(ProxyEvents.body(response).get("error").get("code").asText()).startsWith("parse.limit.");
    }

    @Test
    void handle_whenStructureIsWrong_answers400WithJsonPath() {
        APIGatewayProxyRequestEvent event = ProxyEvents.load("validate-valid-workflow.json");
        event.setBody("{\"format\": 1, \"id\": \"x\", \"nodes\": {}}");

        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        JsonNode error = ProxyEvents.body(response).get("error");
        assertThat(error.get("path").asText()).isEqualTo("$.nodes");
        assertThat(error.has("line")).isFalse();
    }

    @Test
    void handle_always_setsJsonContentTypeAndTheEventRequestId() {
        for (String fixture : new String[]{"validate-valid-workflow.json", "validate-invalid-workflow.json",
                "validate-malformed-json.json"}) {
            APIGatewayProxyRequestEvent event = ProxyEvents.load(fixture);

            APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);

            assertThat(response.getHeaders())
                    .containsEntry("Content-Type", "application/json")
                    .containsEntry(ApiResponses.REQUEST_ID_HEADER, event.getRequestContext().getRequestId());
        }
    }

    @Test
    void handle_whenProbeQueryIsSet_stillAnswersWithTheReport() {
        APIGatewayProxyRequestEvent event = ProxyEvents.load("validate-probe-query.json");

        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);

        assertThat(ApiRequest.of(event, null).flag("probe")).isTrue();
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(ProxyEvents.body(response).get("valid").asBoolean()).isTrue();
    }
}
