package com.wfp.handlers.traffic;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ControlRoute;
import com.wfp.handlers.http.ControlRoutes;
import com.wfp.handlers.http.HandlerServices;
import com.wfp.handlers.http.InMemoryPlatform;
import com.wfp.handlers.http.ProxyEvents;
import com.wfp.handlers.http.TrafficServices;
import com.wfp.platform.port.RecordingEventBus;
import com.wfp.platform.release.Draft;
import com.wfp.platform.release.ReleaseQueries;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutController;
import com.wfp.platform.telemetry.WindowStats;
import com.wfp.platform.traffic.TrafficQueries;
import com.wfp.platform.traffic.TrafficService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficHandlersTest {

    private final InMemoryPlatform platform = new InMemoryPlatform();
    private final TrafficService traffic = new TrafficService(platform.store, platform.store, platform.pods, new RecordingEventBus(),
            Clock.systemUTC());
    private final TrafficServices services = new TrafficServices(traffic,
            new RolloutController(traffic, platform.store, platform.store, platform.store, (release, from, to) -> WindowStats.EMPTY, Clock.systemUTC()),
            new TrafficQueries(platform.store, platform.store));
    private final ReleaseQueries releases = new ReleaseQueries(platform.store, platform.store, platform.store);

    @BeforeEach
    void publishTwoVersions() throws Exception {
        platform.publish("v1.0.0", InMemoryPlatform.greeting("Hello"));
        platform.publish("v1.1.0", InMemoryPlatform.greeting("Welcome"));
    }

    @AfterEach
    void close() {
        platform.close();
    }

    @Test
    void getTraffic_afterTwoPublishes_showsRevisionWeightsByVersionAndNoRollout() {
        JsonNode body = ok(new GetTrafficHandler(services, releases), "get-traffic.json");

        assertThat(body.path("workflow").asText()).isEqualTo("ada/shop/greeting");
        assertThat(body.path("revision").asLong()).isEqualTo(2);
        assertThat(body.path("weights").get(0).path("version").asText()).isEqualTo("v1.1.0");
        assertThat(body.path("weights").get(0).path("percent").asInt()).isEqualTo(100);
        assertThat(body.path("stickiness").asText()).isEqualTo("off");
        assertThat(body.path("shadow").isNull()).isTrue();
        assertThat(body.path("rollout").isNull()).isTrue();
    }

    @Test
    void getTraffic_whenReleasesServedCalls_showsTheirLastMinuteBesideTheirWeights() {
        java.time.Instant now = java.time.Instant.parse("2026-11-27T12:00:00Z");
        java.util.List<String> asked = new java.util.ArrayList<>();
        TrafficServices withMetrics = new TrafficServices(traffic, services.rollouts(), services.queries(),
                (release, from, to) -> {
                    asked.add(from + " " + to);
                    return release.equals(traffic.routing(InMemoryPlatform.GREETING).weights().getFirst().releaseId())
                            ? new WindowStats(200, 9, 412.5) : WindowStats.EMPTY;
                }, java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));

        JsonNode body = ok(new GetTrafficHandler(withMetrics, releases), "get-traffic.json");

        assertThat(body.path("liveWindowSeconds").asLong()).isEqualTo(60);
        JsonNode live = body.path("weights").get(0).path("live");
        assertThat(live.path("requests").asLong()).isEqualTo(200);
        assertThat(live.path("errors").asLong()).isEqualTo(9);
        assertThat(live.path("errorRate").asDouble()).isEqualTo(0.045);
        assertThat(live.path("p95Ms").asDouble()).isEqualTo(412.5);
        assertThat(asked).contains("2026-11-27T11:59:00Z 2026-11-27T12:00:00Z");
    }

    @Test
    void setWeights_atTheCurrentRevision_storesTheSplitAndAnswersTheNewRevision() {
        JsonNode body = ok(new SetWeightsHandler(services), "set-weights.json");

        assertThat(body.path("changed").asBoolean()).isTrue();
        assertThat(body.path("routing").path("revision").asLong()).isEqualTo(3);
        assertThat(percentOf(body.path("routing"), "v1.0.0")).isEqualTo(90);
        assertThat(percentOf(body.path("routing"), "v1.1.0")).isEqualTo(10);
        assertThat(body.path("why").asText()).contains("canary the welcome text");
    }

    @Test
    void setWeights_atAnOldRevision_answers409NamingTheCurrentRevision() {
        APIGatewayProxyResponseEvent response = call(new SetWeightsHandler(services), "set-weights-stale.json");

        assertThat(response.getStatusCode()).isEqualTo(409);
        JsonNode error = ProxyEvents.body(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo("routing.stale-revision");
        assertThat(error.path("message").asText()).contains("revision 2");
        assertThat(traffic.routing(InMemoryPlatform.GREETING).revision()).isEqualTo(2);
    }

    @Test
    void setWeights_withoutARevision_answers400ShowingTheShape() {
        APIGatewayProxyRequestEvent event = ProxyEvents.load("set-weights.json");
        event.setBody("{\"weights\":{\"v1.0.0\":100}}");

        APIGatewayProxyResponseEvent response = new SetWeightsHandler(services).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(ProxyEvents.body(response).path("error").path("code").asText()).isEqualTo("request.missing-field");
    }

    @Test
    void promoteThenSwitch_swapsTheFullAndTheIdleRelease() {
        JsonNode promoted = ok(new PromoteHandler(services), "promote.json");
        assertThat(percentOf(promoted.path("routing"), "v1.0.0")).isEqualTo(100);

        JsonNode switched = ok(new SwitchHandler(services), "switch.json");

        assertThat(percentOf(switched.path("routing"), "v1.1.0")).isEqualTo(100);
        assertThat(percentOf(switched.path("routing"), "v1.0.0")).isEqualTo(0);
    }

    @Test
    void demote_ofTheOnlyServingVersion_answers409() {
        APIGatewayProxyResponseEvent response = call(new DemoteHandler(services), "demote.json");

        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(ProxyEvents.body(response).path("error").path("hint").asText()).isNotBlank();
    }

    @Test
    void stickinessAndShadow_areStoredAndShownByGetTraffic() {
        ok(new StickinessHandler(services), "stickiness.json");
        ok(new ShadowHandler(services), "shadow.json");

        JsonNode body = ok(new GetTrafficHandler(services, releases), "get-traffic.json");

        assertThat(body.path("stickiness").asText()).isEqualTo("header:x-user");
        assertThat(body.path("shadow").path("version").asText()).isEqualTo("v1.0.0");
        assertThat(body.path("shadow").path("percent").asInt()).isEqualTo(25);
    }

    @Test
    void rollback_withoutAVersion_goesBackToThePreviousReleaseAndSaysFromToAndHowLong() {
        JsonNode body = ok(new RollbackHandler(services), "rollback.json");

        assertThat(body.path("from").asText()).isEqualTo("v1.1.0");
        assertThat(body.path("to").asText()).isEqualTo("v1.0.0");
        assertThat(body.path("tookMs").asDouble()).isPositive();
        assertThat(percentOf(body.path("routing"), "v1.0.0")).isEqualTo(100);
    }

    @Test
    void retire_emptiesTheRoutingKeepingTheReasonAndTheVersionsThatServed() {
        JsonNode body = ok(new RetireWorkflowHandler(services), "retire.json");

        assertThat(body.path("changed").asBoolean()).isTrue();
        assertThat(body.path("routing").path("weights")).isEmpty();
        assertThat(body.path("routing").path("retired").path("reason").asText()).isEqualTo("replaced by greeting-v2");
        assertThat(body.path("routing").path("retired").path("lastServed").get(0).asText()).isEqualTo("v1.1.0");
        assertThat(body.path("before").path("retired").isNull()).isTrue();
        assertThat(body.path("why").asText()).startsWith("retire the workflow: retired (was v1.1.0 100%");
        assertThat(platform.store.releases(InMemoryPlatform.GREETING)).hasSize(2);
    }

    @Test
    void rollback_toAnUnknownVersion_answers404() {
        APIGatewayProxyResponseEvent response = call(new RollbackHandler(services), "rollback-unknown-version.json");

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(ProxyEvents.body(response).path("error").path("message").asText()).contains("v9.9.9");
    }

    @Test
    void history_afterARollback_listsItFirstWithWhoAndWhy() {
        ok(new RollbackHandler(services), "rollback.json");

        JsonNode entries = ok(new HistoryHandler(services, releases), "history.json").path("entries");

        assertThat(entries).hasSize(3);
        assertThat(entries.get(0).path("revision").asLong()).isEqualTo(3);
        assertThat(entries.get(0).path("by").asText()).isEqualTo("ada");
        assertThat(entries.get(0).path("why").asText()).contains("errors after deploy");
        assertThat(percentOf(entries.get(0).path("after"), "v1.0.0")).isEqualTo(100);
    }

    @Test
    void rollout_startedStateThenCancelled_movesFromRunningToAborted() {
        ok(new PromoteHandler(services), "promote.json");
        APIGatewayProxyResponseEvent started = call(new StartRolloutHandler(services), "start-rollout.json");
        assertThat(started.getStatusCode()).isEqualTo(201);
        assertThat(ProxyEvents.body(started).path("percent").asInt()).isEqualTo(10);

        JsonNode state = ok(new RolloutStateHandler(services), "get-rollout.json");
        assertThat(state.path("status").asText()).isEqualTo("RUNNING");
        assertThat(state.path("candidate").asText()).isEqualTo("v1.1.0");
        assertThat(state.path("previous").asText()).isEqualTo("v1.0.0");
        assertThat(percentOf(ok(new GetTrafficHandler(services, releases), "get-traffic.json"), "v1.1.0")).isEqualTo(10);

        JsonNode cancelled = ok(new CancelRolloutHandler(services), "cancel-rollout.json");
        assertThat(cancelled.path("status").asText()).isEqualTo("ABORTED");
        assertThat(call(new CancelRolloutHandler(services), "cancel-rollout.json").getStatusCode()).isEqualTo(404);
    }

    @Test
    void getTraffic_whenTheWorkflowWasNeverSavedNorPublished_answers404InsteadOfAnEmptyRouting() {
        APIGatewayProxyResponseEvent response = new GetTrafficHandler(services, releases)
                .handleRequest(forWorkflow("get-traffic.json", "greetng"), null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        JsonNode error = ProxyEvents.body(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo("workflow.not-found");
        assertThat(error.path("message").asText()).contains("ada/shop/greetng");
    }

    @Test
    void history_whenOnlyADraftWasSaved_answersNoEntriesAndForAnUnknownWorkflow404() {
        WorkflowRef drafted = new WorkflowRef("ada", "shop", "drafted");
        platform.store.saveDraft(Draft.of(drafted, "{}", "ada", java.time.Instant.parse("2026-12-06T10:00:00Z")));

        JsonNode draftOnly = ProxyEvents.body(new HistoryHandler(services, releases).handleRequest(forWorkflow("history.json", "drafted"), null));
        APIGatewayProxyResponseEvent unknown = new HistoryHandler(services, releases).handleRequest(forWorkflow("history.json", "greetng"), null);

        assertThat(draftOnly.path("entries").isArray()).as(draftOnly.toString()).isTrue();
        assertThat(draftOnly.path("entries")).isEmpty();
        assertThat(unknown.getStatusCode()).isEqualTo(404);
        assertThat(ProxyEvents.body(unknown).path("error").path("code").asText()).isEqualTo("workflow.not-found");
    }

    @Test
    void rolloutState_whenNoneWasStarted_answers404() {
        APIGatewayProxyResponseEvent response = call(new RolloutStateHandler(services), "get-rollout.json");

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(ProxyEvents.body(response).path("error").path("code").asText()).isEqualTo("rollout.none");
    }

    @Test
    void newHandler_withoutTrafficServices_buildsHandlersThatAnswer503() {
        ControlRoute route = ControlRoutes.all().stream()
                .filter(r -> r.handler() == GetTrafficHandler.class).findFirst().orElseThrow();
        ApiHandler handler = route.newHandler(HandlerServices.none().withControl(platform.services));

        assertThat(handler.handleRequest(ProxyEvents.load("get-traffic.json"), null).getStatusCode()).isEqualTo(503);
        assertThat(route.newHandler(HandlerServices.none().withControl(platform.services).withTraffic(services)))
                .isInstanceOf(GetTrafficHandler.class);
    }

    /** The fixture's event for another workflow of the same project. */
    private static APIGatewayProxyRequestEvent forWorkflow(String fixture, String workflow) {
        APIGatewayProxyRequestEvent event = ProxyEvents.load(fixture);
        event.setPath(event.getPath().replace("/greeting/", "/" + workflow + "/"));
        event.setPathParameters(java.util.Map.of("user", "ada", "project", "shop", "workflow", workflow));
        return event;
    }

    private static APIGatewayProxyResponseEvent call(ApiHandler handler, String fixture) {
        return handler.handleRequest(ProxyEvents.load(fixture), null);
    }

    private static JsonNode ok(ApiHandler handler, String fixture) {
        APIGatewayProxyResponseEvent response = call(handler, fixture);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return ProxyEvents.body(response);
    }

    private static int percentOf(JsonNode routing, String version) {
        for (JsonNode w : routing.path("weights")) {
            if (w.path("version").asText().equals(version)) {
                return w.path("percent").asInt();
            }
        }
        return -1;
    }
}
