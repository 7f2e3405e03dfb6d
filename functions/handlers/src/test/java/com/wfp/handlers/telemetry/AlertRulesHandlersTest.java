package com.wfp.handlers.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ProxyEvents;
import com.wfp.platform.alert.AlertMonitor;
import com.wfp.platform.port.InMemoryAlertStore;
import com.wfp.platform.port.InMemoryReleaseStore;
import com.wfp.platform.port.RecordingEventBus;
import com.wfp.platform.release.Draft;
import com.wfp.platform.release.ReleaseQueries;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.telemetry.WindowStats;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertRulesHandlersTest {

    private final InMemoryReleaseStore store = new InMemoryReleaseStore();
    private final AlertMonitor alerts = new AlertMonitor(new InMemoryAlertStore(), (release, from, to) -> WindowStats.EMPTY,
            null, store, store, null, new RecordingEventBus(), Clock.systemUTC());
    private final ReleaseQueries releases = new ReleaseQueries(store, store, store);

    @BeforeEach
    void saveTheWorkflowsDraft() {
        store.saveDraft(Draft.of(new WorkflowRef("ada", "shop", "greeting"), "{}", "ada", Instant.parse("2026-12-06T10:00:00Z")));
    }

    @Test
    void setRules_whenAPersonSetsThem_recordsThatPersonNotTheAdministrator() {
        APIGatewayProxyResponseEvent response = new SetAlertRulesHandler(alerts, releases)
                .handleRequest(ProxyEvents.load("set-alert-rules.json"), null);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        JsonNode rules = ProxyEvents.body(response);
        assertThat(rules.path("updatedBy").asText()).isEqualTo("ada");
        assertThat(rules.path("maxErrorRatePercent").asDouble()).isEqualTo(20.0);
        assertThat(rules.path("minCalls").asInt()).isEqualTo(5);
    }

    @Test
    void getAndSetRules_whenTheWorkflowWasNeverSavedNorPublished_answer404AndStoreNothing() {
        APIGatewayProxyRequestEvent set = ProxyEvents.load("set-alert-rules.json");
        set.setPath(set.getPath().replace("/greeting/", "/greetng/"));
        set.setPathParameters(Map.of("user", "ada", "project", "shop", "workflow", "greetng"));
        APIGatewayProxyRequestEvent get = ProxyEvents.load("set-alert-rules.json");
        get.setHttpMethod("GET");
        get.setBody(null);
        get.setPath(set.getPath());
        get.setPathParameters(set.getPathParameters());

        APIGatewayProxyResponseEvent refused = new SetAlertRulesHandler(alerts, releases).handleRequest(set, null);
        APIGatewayProxyResponseEvent read = new AlertRulesHandler(alerts, releases).handleRequest(get, null);

        assertThat(refused.getStatusCode()).isEqualTo(404);
        assertThat(ProxyEvents.body(refused).path("error").path("code").asText()).isEqualTo("workflow.not-found");
        assertThat(read.getStatusCode()).isEqualTo(404);
        assertThat(alerts.rules(new WorkflowRef("ada", "shop", "greetng")).maxErrorRatePercent()).as("the defaults").isEqualTo(5.0);
    }
}
