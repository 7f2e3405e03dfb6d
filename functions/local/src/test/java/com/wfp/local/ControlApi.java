package com.wfp.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ReportJson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The control API of a platform under test, called as the CLI and the designer call it: over
 * HTTPS with the admin token. Shared by the end-to-end tests that publish and steer traffic.
 */
record ControlApi(HttpClient client, String httpsUrl, String token) {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(60);

    /** The control API of a started platform, over a client that trusts its data directory's certificate. */
    static ControlApi of(PlatformProcess platform, java.nio.file.Path dataDir) {
        return new ControlApi(TlsTestClients.client(TlsTestClients.trustingDataDir(dataDir)), platform.httpsUrl(),
                platform.adminToken());
    }

    /** A control API call; {@code path} is relative to the gateway or a whole URL (a status URL). */
    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        URI uri = path.startsWith("http") ? URI.create(path) : URI.create(httpsUrl + path);
        return client.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Publishes a version of {@code workflow} ({@code user/project/workflow}) and waits until it serves. */
    void publish(String workflow, String version, String definition, String strategy) throws Exception {
        ObjectNode body = ReportJson.mapper().createObjectNode().put("version", version).put("strategy", strategy);
        body.set("definition", json(definition));
        HttpResponse<String> accepted = send("POST", "/api/v1/workflows/" + workflow + "/releases",
                ReportJson.write(body));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String status = json(accepted.body()).path("statusUrl").asText();
        long deadline = System.nanoTime() + PUBLISH_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode deployment = json(send("GET", status, null).body());
            String state = deployment.path("state").asText();
            if (state.equals("succeeded")) {
                return;
            }
            assertThat(state).as(deployment.toString()).isNotEqualTo("failed");
            Thread.sleep(100);
        }
        fail("publish of " + version + " did not finish within " + PUBLISH_TIMEOUT.toSeconds() + " s");
    }

    /**
     * Creates an API key that may invoke every workflow of {@code project} ({@code user/project})
     * and returns the key itself, as the answer shows it once.
     */
    String createKey(String project) throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/projects/" + project + "/keys",
                "{\"name\": \"e2e\", \"permissions\": [\"invoke\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body()).path("key").asText();
    }

    static JsonNode json(String text) throws IOException {
        return ReportJson.mapper().readTree(text);
    }
}
