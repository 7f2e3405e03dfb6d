package com.wfp.handlers.datapath;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.InMemoryPlatform;
import com.wfp.handlers.http.ProxyEvents;
import com.wfp.platform.access.AccessDecision;
import com.wfp.platform.port.PodAnswer;
import com.wfp.platform.port.PodCall;
import com.wfp.platform.port.RecordingEventBus;
import com.wfp.platform.port.ReleaseLoader;
import com.wfp.platform.routing.RoutingCache;
import com.wfp.platform.telemetry.ForwardedCalls;
import com.wfp.platform.routing.ProductionRouter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class RouteHandlerTest {

    private final InMemoryPlatform platform = new InMemoryPlatform();
    private final List<PodCall> podCalls = new CopyOnWriteArrayList<>();
    private RoutingCache routing;
    private ProductionRouter router;

    @BeforeEach
    void publishTwoVersions() throws Exception {
        platform.publish("v1.0.0", InMemoryPlatform.greeting("Hello"));
        platform.publish("v1.1.0", InMemoryPlatform.greeting("Welcome"));
        routing = new RoutingCache(platform.store, platform.store, new RecordingEventBus());
        router = new ProductionRouter(routing, platform.store, call -> {
            podCalls.add(call);
            return platform.pods.invoke(call);
        }, ReleaseLoader.of(platform.pods), ForwardedCalls.NONE);
    }

    @AfterEach
    void close() {
        router.close();
        routing.close();
        platform.close();
    }

    private APIGatewayProxyResponseEvent call(String fixture) {
        return new RouteHandler(router).handleRequest(ProxyEvents.load(fixture), null);
    }

    @Test
    void handle_whenRouted_answersFromTheLiveReleaseAndSaysWhichOne() {
        APIGatewayProxyResponseEvent response = call("route-routed.json");

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("X-Workflow-Version", "v1.1.0")
                .containsEntry("X-Pod", "in-memory")
                .containsEntry("X-Request-Id", "req-route")
                .containsKey(RouteHandler.RELEASE_ID_HEADER);
        JsonNode body = ProxyEvents.body(response);
        assertThat(body.path("input").path("name").asText()).isEqualTo("Ada");
        assertThat(body.path("releaseId").asText()).isEqualTo(response.getHeaders().get("X-Release-Id"));
    }

    @Test
    void handle_whenRouted_passesTheCallerHeadersAndQueryButNeverItsPlatformHeaders() {
        call("route-routed.json");

        PodCall sent = podCalls.getFirst();
        assertThat(sent.user()).isEqualTo("ada");
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/w/ada/shop/greeting");
        assertThat(sent.rawQuery()).isEqualTo("lang=fr&tag=a+b&tag=b");
        assertThat(sent.headers()).containsKey("X-Tenant");
        assertThat(sent.shadow()).isFalse();
    }

    @Test
    void handle_whenTheAuthorizerAllowedAKey_sendsItsIdToThePodAndNotTheCallersOwnCallerHeader() {
        APIGatewayProxyRequestEvent event = ProxyEvents.load("route-routed.json");
        event.getHeaders().put("X-Wfp-Caller", "key_forgedforgedforg");
        event.getRequestContext().setAuthorizer(Map.of("principalId", "key_0123456789abcdef",
                AuthorizerHandler.PRINCIPAL, "key_0123456789abcdef"));

        new RouteHandler(router).handleRequest(event, null);

        assertThat(podCalls.getFirst().callerKeyId()).isEqualTo("key_0123456789abcdef");
    }

    @Test
    void handle_whenNoAuthorizerDecided_sendsNoCaller() {
        APIGatewayProxyRequestEvent event = ProxyEvents.load("route-routed.json");
        event.getHeaders().put("X-Wfp-Caller", "key_forgedforgedforg");

        new RouteHandler(router).handleRequest(event, null);

        assertThat(podCalls.getFirst().callerKeyId()).isNull();
    }

    @Test
    void handle_afterTheLocalGatewayAdmittedAnOpenWorkflowsCall_sendsAnonymous() {
        APIGatewayProxyRequestEvent event = ProxyEvents.load("route-routed.json");
        event.setRequestContext(null);
        AuthorizerHandler.admit(event, new AccessDecision(AccessDecision.Outcome.ALLOW, 200, null,
                null, null, AccessDecision.ANONYMOUS, Map.of()));

        new RouteHandler(router).handleRequest(event, null);

        assertThat(podCalls.getFirst().callerKeyId()).isEqualTo("anonymous");
    }

    @Test
    void handle_whenPinnedWithABase64Body_runsThatVersionWithTheDecodedBody() {
        APIGatewayProxyResponseEvent response = call("route-pinned.json");

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("X-Workflow-Version", "v1.0.0");
        assertThat(ProxyEvents.body(response).path("input").path("name").asText()).isEqualTo("Grace");
    }

    @Test
    void handle_whenPinnedToAnUnknownVersion_answers404NamingTheLiveOnes() {
        APIGatewayProxyRequestEvent event = ProxyEvents.load("route-pinned.json");
        event.getPathParameters().put("version", "v9.9.9");

        APIGatewayProxyResponseEvent response = new RouteHandler(router).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        JsonNode error = ProxyEvents.body(response).path("error");
        assertThat(error.path("message").asText()).contains("v9.9.9");
        assertThat(error.path("hint").asText()).isNotBlank();
    }

    @Test
    void handle_whenThePathIsNoProductionUrl_answers404ShowingTheShape() {
        APIGatewayProxyRequestEvent event = ProxyEvents.load("route-routed.json");
        event.setPath("/w/ada/shop");
        event.setPathParameters(Map.of("proxy", "ada/shop"));

        APIGatewayProxyResponseEvent response = new RouteHandler(router).handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(ProxyEvents.body(response).path("error").path("code").asText()).isEqualTo("route.not-found");
        assertThat(ProxyEvents.body(response).path("error").path("hint").asText())
                .contains("/w/{user}/{project}/{workflow}");
    }

    @Test
    void handle_whenThePodAnswersBinary_returnsItBase64() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
        ProductionRouter binary = new ProductionRouter(routing, platform.store,
                call -> new PodAnswer(200, Map.of("Content-Type", List.of("image/png")), png),
                ReleaseLoader.of(platform.pods), ForwardedCalls.NONE);

        APIGatewayProxyResponseEvent response = new RouteHandler(binary).handleRequest(
                ProxyEvents.load("route-routed.json"), null);

        assertThat(response.getIsBase64Encoded()).isTrue();
        assertThat(Base64.getDecoder().decode(response.getBody())).isEqualTo(png);
        binary.close();
    }

    @Test
    void handle_whenThePodIsUnreachable_answers503WithRetryAfter() {
        platform.pods.failEnsurePod(com.wfp.adapters.pod.PodClient.unreachable(new java.net.ConnectException("refused")));

        APIGatewayProxyResponseEvent response = call("route-routed.json");

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("Retry-After", "2");
        assertThat(ProxyEvents.body(response).path("error").path("code").asText()).isEqualTo("pod.unreachable");
    }

    @Test
    void handle_whenThePodRepeatsAHeader_keepsEveryValue() {
        ProductionRouter cookies = new ProductionRouter(routing, platform.store,
                call -> new PodAnswer(201, Map.of("Set-Cookie", List.of("a=1", "b=2"), "Connection", List.of("close")),
                        "{}".getBytes()),
                ReleaseLoader.of(platform.pods), ForwardedCalls.NONE);

        APIGatewayProxyResponseEvent response = new RouteHandler(cookies).handleRequest(
                ProxyEvents.load("route-routed.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(response.getMultiValueHeaders()).containsEntry("Set-Cookie", List.of("a=1", "b=2"));
        assertThat(response.getHeaders()).doesNotContainKey("Connection");
        cookies.close();
    }
}
