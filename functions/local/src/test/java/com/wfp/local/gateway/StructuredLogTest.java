package com.wfp.local.gateway;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ControlRoute;
import com.wfp.handlers.http.ControlRoutes;
import com.wfp.handlers.http.PathTemplate;
import com.wfp.handlers.http.ReportJson;
import com.wfp.local.TlsTestClients;
import com.wfp.local.auth.AdminToken;
import com.wfp.local.auth.AdminTokenStore;
import com.wfp.local.tls.CertificateStore;
import com.wfp.logging.JsonLineEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's log as an operator reads it: JSON lines, each failure once, with the id its answer names. */
class StructuredLogTest {

    @TempDir
    static Path dataDir;

    private static final ByteArrayOutputStream LOGGED = new ByteArrayOutputStream();
    private static OutputStreamAppender<ILoggingEvent> appender;
    private static LocalGateway gateway;
    private static AdminToken token;
    private static HttpClient client;

    /** A handler whose domain call fails in a way no one planned for. */
    public static final class FailingHandler extends ApiHandler {
        @Override
        protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
            throw new IllegalStateException("the store went away");
        }
    }

    @BeforeAll
    static void start() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        JsonLineEncoder encoder = new JsonLineEncoder();
        encoder.setContext(context);
        encoder.start();
        appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName("structured-log-test");
        appender.setEncoder(encoder);
        appender.setOutputStream(LOGGED);
        appender.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);

        TlsTestClients.allowLegacyProtocolsInThisJvm();
        token = new AdminTokenStore(dataDir).loadOrCreate();
        List<ControlRoute> routes = new ArrayList<>(ControlRoutes.all());
        routes.add(new ControlRoute("GET", PathTemplate.of("/api/v1/failing"), FailingHandler.class,
                services -> new FailingHandler(), ControlRoute.Access.ADMIN, "Fail unexpectedly"));
        gateway = new LocalGateway(new GatewaySettings("127.0.0.1", 0, 0, new CertificateStore(dataDir).loadOrCreate(),
                token, 4096), routes).start();
        client = TlsTestClients.client(TlsTestClients.trustingDataDir(dataDir));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        appender.stop();
    }

    @Test
    void controlCall_whenTheHandlerFailsUnexpectedly_logsOneJsonErrorLineWithTheAnswersRequestId() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + gateway.httpsPort() + "/api/v1/failing"))
                .header("Authorization", "Bearer " + token.value()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        List<JsonNode> lines = lines();
        List<JsonNode> ofThisCall = lines.stream()
                .filter(line -> requestId.equals(line.path("requestId").asText(null))).toList();
        assertThat(ofThisCall).hasSize(1);
        JsonNode line = ofThisCall.getFirst();
        assertThat(line.get("level").asText()).isEqualTo("ERROR");
        assertThat(line.get("logger").asText()).isEqualTo(ApiHandler.class.getName());
        assertThat(line.get("time").asText()).isNotBlank();
        assertThat(line.get("message").asText()).contains("FailingHandler");
        assertThat(line.at("/error/type").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(line.at("/error/stack").asText()).contains("FailingHandler.handle");
        assertThat(lines).filteredOn(other -> other.at("/error/message").asText("").equals("the store went away"))
                .hasSize(1);
    }

    @Test
    void controlCall_whenTheCallIsRefused_logsNothing() throws Exception {
        int before = lines().size();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + gateway.httpsPort() + "/api/v1/failing")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(lines().subList(before, lines().size()))
                .noneMatch(line -> requestId.equals(line.path("requestId").asText(null)));
    }

    /** Every line logged so far; each must parse as one JSON object. */
    private static List<JsonNode> lines() throws Exception {
        String text;
        synchronized (LOGGED) {
            text = LOGGED.toString(StandardCharsets.UTF_8);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                JsonNode json = ReportJson.mapper().readTree(line);
                assertThat(json.isObject()).as(line).isTrue();
                lines.add(json);
            }
        }
        return lines;
    }
}
