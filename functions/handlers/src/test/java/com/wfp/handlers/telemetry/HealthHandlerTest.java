package com.wfp.handlers.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ProxyEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HealthHandlerTest {

    @Test
    void handle_whenCalled_answersOkWithTheRequestId() {
        APIGatewayProxyResponseEvent response = new HealthHandler().handleRequest(ProxyEvents.load("health.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(ProxyEvents.body(response).get("status").asText()).isEqualTo("ok");
        assertThat(response.getHeaders()).containsEntry(ApiResponses.REQUEST_ID_HEADER, "req-health");
    }
}
