package com.wfp.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.workflow.engine.EngineSettings;
import com.wfp.workflow.engine.WorkflowEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A pod started in-process on a free loopback port, with an HTTP client that speaks to it. */
final class RunningPod implements AutoCloseable {

    static final String TOKEN = "test-pod-token-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    final PodServer server;
    final CapturingLineSink logs = new CapturingLineSink();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    RunningPod() {
        this(PodSettings.defaults(TOKEN));
    }

    RunningPod(PodSettings settings) {
        WorkflowEngine engine = new WorkflowEngine(EngineSettings.defaults(),
                new EnvironmentSecretProvider(Map.of("WFP_SECRET_GREETING", "s3cr3t-value")));
        server = new PodServer(settings, engine, logs).start();
    }

    URI uri(String path) {
        return server.uri().resolve(path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN);
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> load(String releaseId, String workflowId, String version, String definition) {
        return send(request("/releases/" + releaseId)
                .PUT(HttpRequest.BodyPublishers.ofString(TestWorkflows.release(workflowId, version, definition))).build());
    }

    HttpResponse<String> run(String releaseId, String body) {
        return send(request("/run/" + releaseId).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @Override
    public void close() {
        server.stop();
        http.close();
    }
}
