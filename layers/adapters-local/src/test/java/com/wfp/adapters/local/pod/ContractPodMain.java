package com.wfp.adapters.local.pod;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.wfp.workflow.model.CanonicalJson;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A small real HTTP server that speaks the pod contract (ready line, /releases, /run, /health),
 * used until the production pod server is on this branch.
 */
public final class ContractPodMain {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, ObjectNode> RELEASES = new ConcurrentHashMap<>();

    private ContractPodMain() {
    }

    public static void main(String[] args) throws IOException {
        String token = System.getenv("WFP_POD_TOKEN");
        int port = Integer.parseInt(System.getenv().getOrDefault("WFP_POD_PORT", "0"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange, token);
            }
        });
        server.start();
        System.out.println("{\"event\":\"pod.ready\",\"port\":" + server.getAddress().getPort() + "}");
        System.out.flush();
    }

    private static void handle(HttpExchange exchange, String token) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/health")) {
            ObjectNode health = JSON.createObjectNode().put("status", "ready");
            RELEASES.keySet().forEach(health.putArray("releases")::add);
            health.withArray("releases");
            send(exchange, 200, health.toString());
            return;
        }
        if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, "{\"error\":\"unauthorized\"}");
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (path.startsWith("/releases/") && method.equals("PUT")) {
            String id = path.substring("/releases/".length());
            ObjectNode release = (ObjectNode) JSON.readTree(body);
            RELEASES.put(id, release);
            String sha = CanonicalJson.sha256(release.get("definition"));
            send(exchange, 200, JSON.createObjectNode().put("releaseId", id).put("sha256", sha)
                    .put("loadedAt", Instant.now().toString()).toString());
        } else if (path.startsWith("/releases/") && method.equals("DELETE")) {
            send(exchange, RELEASES.remove(path.substring("/releases/".length())) == null ? 404 : 204, "");
        } else if (path.startsWith("/run/") && method.equals("POST")) {
            ObjectNode release = RELEASES.get(path.substring("/run/".length()));
            if (release == null) {
                send(exchange, 404, "{\"error\":\"unknown release\"}");
                return;
            }
            String expression = "";
            for (JsonNode node : release.path("definition").path("nodes")) {
                if (node.path("type").asText().equals("respond")) {
                    expression = node.path("config").path("body").asText();
                }
            }
            Object input = JSON.readValue(body, Object.class);
            Object result = Jsonata.jsonata(expression).evaluate(Map.of("input", input));
            send(exchange, 200, JSON.writeValueAsString(result));
            System.out.println("{\"event\":\"execution\",\"release\":\"" + release.path("version").asText() + "\"}");
            System.out.flush();
        } else {
            send(exchange, 404, "{\"error\":\"no route\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }
}
