package com.wfp.handlers.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ProxyEvents;
import com.wfp.platform.alert.AlertMonitor;
import com.wfp.platform.port.InMemoryAlertStore;
import com.wfp.platform.port.InMemoryReleaseStore;
import com.wfp.platform.port.RecordingEventBus;
import com.wfp.platform.telemetry.WindowStats;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class AlertRulesHandlersTest {

    private final InMemoryReleaseStore store = new InMemoryReleaseStore();
    private final AlertMonitor alerts = new AlertMonitor(new InMemoryAlertStore(), (release, from, to) -> WindowStats.EMPTY,
            null, store, store, null, new RecordingEventBus(), Clock.systemUTC());

    @Test
    void setRules_whenAPersonSetsThem_recordsThatPersonNotTheAdministrator() {
        APIGatewayProxyResponseEvent response = new SetAlertRulesHandler(alerts)
                .handleRequest(ProxyEvents.load("set-alert-rules.json"), null);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        JsonNode rules = ProxyEvents.body(response);
        assertThat(rules.path("updatedBy").asText()).isEqualTo("ada");
        assertThat(rules.path("maxErrorRatePercent").asDouble()).isEqualTo(20.0);
        assertThat(rules.path("minCalls").asInt()).isEqualTo(5);
    }
}
