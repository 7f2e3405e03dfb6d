package com.wfp.adapters.pod;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.wfp.platform.port.PodAnswer;
import com.wfp.platform.port.PodCall;
import com.wfp.platform.port.PodEndpoint;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against a real HTTP server standing in for a pod. */
class PodClientTest {

    private record Seen(String method, URI uri, Map<String, List<String>> headers, String body) {
    }

    private final AtomicReference<Seen> seen = new AtomicReference<>();
    private HttpServer pod;
    private final PodClient client = new PodClient();
    private com.wfp.platform.port.PodInvoker invoker;
    private com.wfp.platform.port.ReleaseLoader loader;

    @BeforeEach
    void startPod() throws IOException {
        pod = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pod.createContext("/", this::answer);
        pod.start();
        URI base = URI.create("http://127.0.0.1:" + pod.getAddress().getPort());
        invoker = client.invoker(user -> new PodEndpoint(base, "pod-token-" + user));
        loader = client.loader(user -> new PodEndpoint(base, "pod-token-" + user));
    }

    @AfterEach
    void stopPod() {
        pod.stop(0);
        client.close();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.set(new Seen(exchange.getRequestMethod(), exchange.getRequestURI(), Map.copyOf(exchange.getRequestHeaders()),
                body));
        byte[] answer = exchange.getRequestMethod().equals("PUT")
                ? "{\"releaseId\":\"r\",\"sha256\":\"abc123\"}".getBytes(StandardCharsets.UTF_8)
                : "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("X-Answer", "yes");
        exchange.sendResponseHeaders(exchange.getRequestMethod().equals("PUT") ? 200 : 202, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    private static Map<String, List<String>> header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void invoke_whenThePodAnswers_runsTheReleaseWithTheCallersMethodQueryHeadersAndBody() {
        PodCall call = new PodCall("ada", new ReleaseId("rel-1"), "PATCH",
                Map.of("X-Tenant", List.of("acme"), "Authorization", List.of("Bearer caller-secret"),
                        "X-Wfp-Shadow", List.of("1"), "Connection", List.of("keep-alive"),
                        "Host", List.of("shop.example.com")),
                "a=1&b=two", "/w/ada/shop/greeting", "{\"n\":1}".getBytes(StandardCharsets.UTF_8), false, null);

        PodAnswer answer = invoker.invoke(call);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        assertThat(header(answer.headers(), "X-Answer")).isNotEmpty();
        Seen request = seen.get();
        assertThat(request.method()).isEqualTo("PATCH");
        assertThat(request.uri().toString()).isEqualTo("/run/rel-1?a=1&b=two");
        assertThat(request.body()).isEqualTo("{\"n\":1}");
        assertThat(header(request.headers(), "Authorization").values()).containsExactly(List.of("Bearer pod-token-ada"));
        assertThat(header(request.headers(), "X-Tenant").values()).containsExactly(List.of("acme"));
        assertThat(header(request.headers(), "X-Wfp-Path").values()).containsExactly(List.of("/w/ada/shop/greeting"));
        assertThat(header(request.headers(), "X-Wfp-Shadow")).isEmpty();
        assertThat(header(request.headers(), "X-Wfp-Host").values()).containsExactly(List.of("shop.example.com"));
        assertThat(header(request.headers(), "Host").values()).doesNotContain(List.of("shop.example.com"));
        assertThat(header(request.headers(), "X-Wfp-Caller")).as("no caller known, none sent").isEmpty();
    }

    @Test
    void invoke_whenTheAuthorizerNamedTheCaller_sendsItsKeyIdAndNeverTheOneTheCallerSent() {
        PodCall call = new PodCall("ada", new ReleaseId("rel-1"), "POST",
                Map.of("X-Wfp-Caller", List.of("key_forgedforgedforg"), "x-wfp-caller", List.of("anonymous"),
                        "X-Api-Key", List.of("wfp_secret-key-material")),
                null, "/w/ada/shop/greeting", null, false, "key_0123456789abcdef");

        invoker.invoke(call);

        Map<String, List<String>> headers = seen.get().headers();
        assertThat(header(headers, "X-Wfp-Caller").values()).containsExactly(List.of("key_0123456789abcdef"));
        assertThat(header(headers, "X-Api-Key")).as("the key itself never reaches the pod").isEmpty();
    }

    @Test
    void invoke_whenAShadowCopyHasACaller_sendsItWithTheShadowMark() {
        PodCall live = new PodCall("ada", new ReleaseId("rel-1"), "POST", Map.of(), null, "/p", null, false, "anonymous");

        invoker.invoke(live.shadowCopyFor(new ReleaseId("rel-2")));

        Seen request = seen.get();
        assertThat(request.uri().getPath()).isEqualTo("/run/rel-2");
        assertThat(header(request.headers(), "X-Wfp-Shadow").values()).containsExactly(List.of("1"));
        assertThat(header(request.headers(), "X-Wfp-Caller").values()).containsExactly(List.of("anonymous"));
    }

    @Test
    void invoke_whenTheCallIsAShadowCopy_marksItForThePod() {
        invoker.invoke(new PodCall("ada", new ReleaseId("rel-2"), "POST", Map.of(), null, "/p", null, true, null));

        assertThat(header(seen.get().headers(), "X-Wfp-Shadow").values()).containsExactly(List.of("1"));
    }

    @Test
    void load_whenThePodConfirms_returnsTheSha256ItComputed() {
        WorkflowRef ref = new WorkflowRef("ada", "shop", "greeting");
        Release release = new Release(new ReleaseId("rel-3"), ref, 1, "v1.0.0", "", "{\"format\":1,\"id\":\"greeting\"}",
                "0".repeat(64), "{}", "ada", Instant.parse("2026-11-27T10:00:00Z"));

        String sha256 = loader.load("ada", release);

        assertThat(sha256).isEqualTo("abc123");
        assertThat(seen.get().method()).isEqualTo("PUT");
        assertThat(seen.get().uri().getPath()).isEqualTo("/releases/rel-3");
        assertThat(seen.get().body()).contains("\"version\":\"v1.0.0\"").contains("\"definition\":{\"format\":1");
    }

    @Test
    void invoke_whenNothingListens_answers503PodUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        var nowhere = client.invoker(user -> new PodEndpoint(URI.create("http://127.0.0.1:" + closedPort), "t"));

        assertThatThrownBy(() -> nowhere.invoke(new PodCall("ada", new ReleaseId("r"), "GET", Map.of(), null, "/p", null,
                false, null)))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("pod.unreachable");
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("refused the connection");
                });
    }
}
