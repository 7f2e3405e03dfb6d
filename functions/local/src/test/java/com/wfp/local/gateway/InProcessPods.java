package com.wfp.local.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.ReportJson;
import com.wfp.platform.port.PodEndpoint;
import com.wfp.platform.port.PodHealth;
import com.wfp.platform.port.PodManager;
import com.wfp.platform.release.ReleaseId;
import com.wfp.pod.EnvironmentSecretProvider;
import com.wfp.pod.LineSink;
import com.wfp.pod.PodServer;
import com.wfp.pod.PodSettings;
import com.wfp.workflow.engine.EngineSettings;
import com.wfp.workflow.engine.WorkflowEngine;
import com.wfp.workflow.error.DomainException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The pod port over one real pod server running in this JVM, spoken to over HTTP as the platform
 * speaks to its child-process pods. Stopping it makes the pod unreachable until it is ensured again.
 */
final class InProcessPods implements PodManager, AutoCloseable {

    static final String TOKEN = "in-process-pod-token-0123456789";

    private final HttpClient http = HttpClient.newHttpClient();
    private PodServer server;
    private int port;

    /** The pod's address, started on first use, without restarting a pod stopped with {@link #kill()}. */
    synchronized URI address() {
        if (server == null) {
            server = new PodServer(PodSettings.defaults(TOKEN),
                    new WorkflowEngine(EngineSettings.defaults(), new EnvironmentSecretProvider(Map.of())),
                    new LineSink() {
                        @Override
                        public void write(String line) {
                        }

                        @Override
                        public void flush() {
                        }
                    }).start();
            port = server.port();
        }
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Stops the pod server, as a crash would; the port stays known, so calls find nothing there. */
    synchronized void kill() {
        address();
        server.close();
    }

    @Override
    public synchronized PodEndpoint ensurePod(String user) {
        if (server == null) {
            address();
        }
        return new PodEndpoint(URI.create("http://127.0.0.1:" + port), TOKEN);
    }

    @Override
    public String load(String user, ReleaseId releaseId, String workflowId, String version, String definitionJson) {
        ObjectNode body = ReportJson.mapper().createObjectNode();
        body.put("workflowId", workflowId);
        body.put("version", version);
        body.set("definition", parse(definitionJson));
        JsonNode answer = send(request("/releases/" + releaseId.value())
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
        return answer.path("sha256").asText();
    }

    @Override
    public void unload(String user, ReleaseId releaseId) {
        send(request("/releases/" + releaseId.value()).DELETE());
    }

    @Override
    public PodHealth health(String user) {
        JsonNode answer = send(request("/health").GET());
        Set<ReleaseId> loaded = new HashSet<>();
        answer.path("releases").forEach(id -> loaded.add(new ReleaseId(id.asText())));
        return new PodHealth("ready".equals(answer.path("status").asText()), loaded, "");
    }

    @Override
    public synchronized void stop(String user) {
        kill();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(address().resolve(path)).header("Authorization", "Bearer " + TOKEN);
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw DomainException.unavailable("pod.refused", "The pod answered " + response.statusCode() + ": "
                        + response.body(), "Check the release.", null);
            }
            return parse(response.body());
        } catch (IOException e) {
            throw DomainException.unavailable("pod.unreachable", "The pod is unreachable", "Restart it.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return ReportJson.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
