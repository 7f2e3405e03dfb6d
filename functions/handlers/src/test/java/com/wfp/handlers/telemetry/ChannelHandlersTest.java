package com.wfp.handlers.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ProxyEvents;
import com.wfp.platform.identity.ProjectRef;
import com.wfp.platform.notify.Notifier;
import com.wfp.platform.port.InMemoryAlertStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelHandlersTest {

    private final InMemoryAlertStore store = new InMemoryAlertStore();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final Notifier notifier = new Notifier(store, (url, headers, body) -> 204, executor, Clock.systemUTC(),
            List.of());

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static APIGatewayProxyRequestEvent post(String path, Map<String, String> pathParameters) {
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath(path)
                .withHeaders(new HashMap<>(Map.of("Content-Type", "application/json")))
                .withPathParameters(pathParameters)
                .withBody("{\"type\": \"webhook\", \"url\": \"https://hooks.example.com/wfp\"}");
    }

    @Test
    void addChannel_onThePlatformRoute_addsAPlatformWideChannel() {
        APIGatewayProxyResponseEvent answer = new AddChannelHandler(notifier)
                .handleRequest(post("/api/v1/notify/channels", null), null);

        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(201);
        assertThat(ProxyEvents.body(answer).path("secret").asText()).startsWith("whsec_");
        assertThat(store.channels(null)).hasSize(1);
        assertThat(store.channels(new ProjectRef("ada", "shop"))).isEmpty();
    }

    @Test
    void addChannel_onAProjectRoute_addsTheProjectsChannelOnly() {
        APIGatewayProxyResponseEvent answer = new AddChannelHandler(notifier).handleRequest(
                post("/api/v1/projects/ada/shop/notify/channels", Map.of("user", "ada", "project", "shop")), null);

        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(201);
        assertThat(store.channels(new ProjectRef("ada", "shop"))).hasSize(1);
        assertThat(store.channels(null)).isEmpty();
    }
}
