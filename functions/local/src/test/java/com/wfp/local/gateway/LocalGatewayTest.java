package com.wfp.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ControlRoute;
import com.wfp.handlers.http.ControlRoutes;
import com.wfp.handlers.http.PathTemplate;
import com.wfp.handlers.http.ReportJson;
import com.wfp.local.TlsTestClients;
import com.wfp.local.auth.AdminToken;
import com.wfp.local.auth.AdminTokenStore;
import com.wfp.local.tls.CertificateStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalGatewayTest {


    @TempDir
    static Path dataDir;

    private static LocalGateway gateway;
    private static AdminToken token;
    private static HttpClient client;
    private static SSLContext trust;

    @BeforeAll
    static void start() {
        TlsTestClients.allowLegacyProtocolsInThisJvm();
        token = new AdminTokenStore(dataDir).loadOrCreate();
        List<ControlRoute> routes = new ArrayList<>(ControlRoutes.all());
        routes.add(new ControlRoute("PUT", PathTemplate.of("/api/v1/echo/{workflow}/items/{item}"), EchoHandler.class,
                services -> new EchoHandler(), ControlRoute.Access.ADMIN, "Echo the proxy event"));
        gateway = new LocalGateway(new GatewaySettings("127.0.0.1", 0, 0, new CertificateStore(dataDir).loadOrCreate(),
                token, 4096), routes).start();
        trust = TlsTestClients.trustingDataDir(dataDir);
        client = TlsTestClients.client(trust);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpRequest built = request.build();
        try {
            return client.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException closedKeepAlive) {
            // Several tests here end in answers after which the server closes the connection (413, 431,
            // malformed requests); the client may pick that connection from its pool once before it
            // notices, and a fresh one then gets the answer under test.
            return client.send(built, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static HttpRequest.Builder https(String path) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.httpsPort() + path));
    }

    private static HttpRequest.Builder admin(String path) {
        return https(path).header("Authorization", "Bearer " + token.value()).header("Content-Type", "application/json");
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return ReportJson.mapper().readTree(response.body());
    }

    @Test
    void health_withoutToken_answers200() throws Exception {
        HttpResponse<String> response = send(https("/api/v1/health"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).isEqualTo("ok");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void everyResponse_carriesTheSecurityHeaders() throws Exception {
        List<HttpResponse<String>> responses = List.of(
                send(https("/api/v1/health")),
                send(https("/api/v1/validate").POST(HttpRequest.BodyPublishers.ofString("{}"))),
                send(https("/elsewhere")),
                send(admin("/api/v1/health").POST(HttpRequest.BodyPublishers.noBody())),
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + "/api/v1/health")).build(),
                        HttpResponse.BodyHandlers.ofString()));

        for (HttpResponse<String> response : responses) {
            assertThat(response.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("default-src 'none'").contains("frame-ancestors 'none'"));
            assertThat(response.headers().firstValue("Server")).isEmpty();
        }
        assertThat(responses.getFirst().headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void controlRoute_withoutToken_answers401WithAHintToTheTokenFile() throws Exception {
        HttpResponse<String> response = send(https("/api/v1/validate").POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        JsonNode error = json(response).get("error");
        assertThat(error.get("code").asText()).isEqualTo("auth.admin-token-required");
        assertThat(error.get("hint").asText()).contains(token.file().toString()).contains("wfp start");
    }

    @Test
    void controlRoute_withAnotherToken_answers401() throws Exception {
        HttpResponse<String> response = send(https("/api/v1/validate")
                .header("Authorization", "Bearer " + token.value() + "x")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void validate_withToken_reachesTheHandler() throws Exception {
        HttpResponse<String> response = send(admin("/api/v1/validate").POST(HttpRequest.BodyPublishers.ofString("{nope")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("parse.syntax");
    }

    @Test
    void unknownPath_answers404NamingThePathAndTheApiPrefix() throws Exception {
        HttpResponse<String> response = send(admin("/api/v1/no-such-thing"));

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = json(response).get("error");
        assertThat(error.get("message").asText()).contains("/api/v1/no-such-thing");
        assertThat(error.get("hint").asText()).contains("/api/v1").contains("POST /api/v1/validate");
    }

    @Test
    void requestsJettyRefusesItself_answerThePlatformsJsonErrorWithoutEchoingTheRequest() throws Exception {
        String longPath = "/w/" + "a".repeat(20_000);
        List<HttpRequest.Builder> refused = List.of(
                admin("/w/ada/shop/%2e%2e/x").POST(HttpRequest.BodyPublishers.ofString("{}")),
                admin("/api/v1/%2fvalidate").POST(HttpRequest.BodyPublishers.ofString("{}")),
                admin("/w/ada//greeter").POST(HttpRequest.BodyPublishers.ofString("{}")),
                admin(longPath),
                admin("/api/v1/health").header("X-Big", "b".repeat(40_000)));
        List<Integer> statuses = List.of(400, 400, 400, 414, 431);

        for (int i = 0; i < refused.size(); i++) {
            HttpResponse<String> response = send(refused.get(i));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(statuses.get(i));
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode error = json(response).path("error");
            assertThat(error.path("code").asText()).startsWith("request.");
            assertThat(error.path("hint").asText()).isNotBlank();
            assertThat(response.body()).hasSizeLessThan(1_000).doesNotContain("aaaaaaaaaa").doesNotContain("bbbbbbbbbb");
        }
    }

    @Test
    void unknownPath_whenVeryLong_isQuotedOnlyInPart() throws Exception {
        HttpResponse<String> response = send(admin("/api/v1/" + "x".repeat(5_000)));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("error").path("message").asText()).hasSizeLessThan(300)
                .contains("(5008 characters)");
    }

    @Test
    void wrongMethod_answers405WithAllow() throws Exception {
        HttpResponse<String> response = send(admin("/api/v1/validate"));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("route.method-not-allowed");
    }

    @Test
    void controlBody_notSentAsJson_answers415BeforeAnyHandlerReadsIt() throws Exception {
        HttpResponse<String> form = send(https("/api/v1/validate").header("Authorization", "Bearer " + token.value())
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<String> none = send(https("/api/v1/validate").header("Authorization", "Bearer " + token.value())
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<String> withCharset = send(https("/api/v1/validate").header("Authorization", "Bearer " + token.value())
                .header("Content-Type", "application/json; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString("{nope")));

        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(json(form).get("error").get("code").asText()).isEqualTo("request.unsupported-media-type");
        assertThat(json(form).get("error").get("hint").asText()).contains("application/json");
        assertThat(none.statusCode()).isEqualTo(415);
        assertThat(withCharset.statusCode()).isEqualTo(400);
    }

    @Test
    void plainHttp_withAForgedHost_redirectsToTheConfiguredHost() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.httpPort())) {
            socket.getOutputStream().write(("GET /api/v1/health HTTP/1.1\r\nHost: evil.example\r\n"
                    + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);

            assertThat(answer).startsWith("HTTP/1.1 308")
                    .contains("Location: https://127.0.0.1:" + gateway.httpsPort() + "/api/v1/health")
                    .doesNotContain("evil.example");
        }
    }

    @Test
    void bodyOverTheCap_answers413() throws Exception {
        HttpResponse<String> response = send(admin("/api/v1/validate")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(5000))));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("request.too-large");
    }

    @Test
    void route_withPathParameters_receivesThemAsTheProxyEventDoes() throws Exception {
        HttpResponse<String> response = send(admin("/api/v1/echo/order-intake/items/42?probe=true&tag=a&tag=b")
                .header("X-Custom", "kept")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"a\":1}")));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode echo = json(response);
        assertThat(echo.get("httpMethod").asText()).isEqualTo("PUT");
        assertThat(echo.get("path").asText()).isEqualTo("/api/v1/echo/order-intake/items/42");
        assertThat(echo.get("resource").asText()).isEqualTo("/api/v1/echo/{workflow}/items/{item}");
        assertThat(echo.get("pathParameters").get("workflow").asText()).isEqualTo("order-intake");
        assertThat(echo.get("pathParameters").get("item").asText()).isEqualTo("42");
        assertThat(echo.get("queryStringParameters").get("probe").asText()).isEqualTo("true");
        assertThat(echo.get("queryStringParameters").get("tag").asText()).isEqualTo("b");
        assertThat(echo.get("multiValueQueryStringParameters").get("tag")).hasSize(2);
        assertThat(echo.get("custom").asText()).isEqualTo("kept");
        assertThat(echo.get("body").asText()).isEqualTo("{\"a\":1}");
        assertThat(echo.get("isBase64Encoded").asBoolean()).isFalse();
        assertThat(echo.get("requestId").asText()).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(echo.get("sourceIp").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void route_withBinaryBody_receivesItBase64Encoded() throws Exception {
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0x00, 0x41};

        HttpResponse<String> response = send(admin("/api/v1/echo/a/items/b").PUT(HttpRequest.BodyPublishers.ofByteArray(binary)));

        JsonNode echo = json(response);
        assertThat(echo.get("isBase64Encoded").asBoolean()).isTrue();
        assertThat(java.util.Base64.getDecoder().decode(echo.get("body").asText())).isEqualTo(binary);
    }

    @Test
    void plainHttp_redirectsPermanentlyToTheSamePathOnHttps() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.httpPort() + "/api/v1/validate?probe=true"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(308);
        assertThat(response.headers().firstValue("Location"))
                .hasValue("https://127.0.0.1:" + gateway.httpsPort() + "/api/v1/validate?probe=true");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void tls12And13_areAccepted() {
        assertThat(TlsTestClients.handshake(trust, "127.0.0.1", gateway.httpsPort(), new String[]{"TLSv1.3"}, null)).isNull();
        assertThat(TlsTestClients.handshake(trust, "127.0.0.1", gateway.httpsPort(), new String[]{"TLSv1.2"}, null)).isNull();
    }

    @Test
    void tls11_isRefusedByTheGateway() {
        String failure = TlsTestClients.handshake(trust, "127.0.0.1", gateway.httpsPort(), new String[]{"TLSv1.1"}, null);

        // An alert means the client did offer TLS 1.1 and the server turned it down.
        assertThat(failure).isNotNull().contains("Received fatal alert");
    }

    @Test
    void tls12WithoutForwardSecretAead_isRefused() {
        String failure = TlsTestClients.handshake(trust, "127.0.0.1", gateway.httpsPort(), new String[]{"TLSv1.2"},
                new String[]{"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});

        assertThat(failure).isNotNull().contains("Received fatal alert");
    }

    @Test
    void start_whenHttpsPortIsTaken_namesTheListenerAndPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            GatewaySettings settings = new GatewaySettings("127.0.0.1", taken.getLocalPort(), GatewaySettings.HTTP_OFF,
                    new CertificateStore(dataDir).loadOrCreate(), token, 4096);

            assertThatThrownBy(() -> new LocalGateway(settings).start())
                    .isInstanceOfSatisfying(PortInUseException.class, e -> {
                        assertThat(e.listener()).isEqualTo(PortInUseException.Listener.HTTPS);
                        assertThat(e.port()).isEqualTo(taken.getLocalPort());
                        assertThat(e.getMessage()).contains(String.valueOf(taken.getLocalPort()));
                    });
        }
    }

    @Test
    void start_whenHttpPortIsTaken_namesTheHttpListener() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            GatewaySettings settings = new GatewaySettings("127.0.0.1", 0, taken.getLocalPort(),
                    new CertificateStore(dataDir).loadOrCreate(), token, 4096);

            assertThatThrownBy(() -> new LocalGateway(settings).start())
                    .isInstanceOfSatisfying(PortInUseException.class,
                            e -> assertThat(e.listener()).isEqualTo(PortInUseException.Listener.HTTP));
        }
    }

    @Test
    void httpOff_bindsOnlyHttps() {
        try (LocalGateway httpsOnly = new LocalGateway(new GatewaySettings("127.0.0.1", 0, GatewaySettings.HTTP_OFF,
                new CertificateStore(dataDir).loadOrCreate(), token, 4096)).start()) {
            assertThat(httpsOnly.httpPort()).isEqualTo(-1);
            assertThat(httpsOnly.httpsPort()).isPositive();
        }
    }
}
