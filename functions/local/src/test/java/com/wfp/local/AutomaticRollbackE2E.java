package com.wfp.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A progressive rollout that rolls itself back: the platform started from the shaded jar with
 * {@code --allow-private-host localhost}, a canary whose workflow calls a service on this machine,
 * and that service turning to 500s while callers keep calling. The rollout controller, judging the
 * canary's error rate over a 3 s window every second, sends all traffic back to the previous
 * release and writes why into the routing history.
 */
class AutomaticRollbackE2E {

    private static final String WORKFLOW = "local/default/greeting";

    private static String apiKey;
    private static HttpServer dependency;
    private static final AtomicBoolean dependencyBroken = new AtomicBoolean();

    @RegisterExtension
    static final StartedPlatform PLATFORM = StartedPlatform.withDataDirectoryPrefix("wfp-auto-rollback-e2e-")
            .withArguments("--allow-private-host", "localhost");

    @BeforeAll
    static void start() throws Exception {
        dependency = HttpServer.create(new InetSocketAddress(InetAddress.getByName("localhost"), 0), 50);
        dependency.createContext("/check", exchange -> {
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(dependencyBroken.get() ? 500 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        dependency.setExecutor(Executors.newFixedThreadPool(4));
        dependency.start();
        assertThat(PLATFORM.process().transcript()).contains("localhost reachable by http.request (local development only)");
        apiKey = PLATFORM.api().createKey("local/default");
    }

    @AfterAll
    static void stop() throws Exception {
        if (dependency != null) {
            dependency.stop(0);
        }
    }

    /**
     * The canary: it calls the service on this machine before answering. The validator refuses a
     * literal loopback target, so the host is an expression (a warning); at run time the pod's guard
     * lets it through only because the platform was started with {@code --allow-private-host localhost}.
     */
    private static String checkingGreeting(int port) {
        return """
                {"format": 1, "id": "greeting",
                 "nodes": [
                   {"id": "visitor", "type": "trigger.http", "config": {"method": "POST", "auth": "apiKey",
                     "example": {"name": "Ada"}}},
                   {"id": "check", "type": "http.request", "config": {"method": "GET",
                     "url": "http://{{ 'local' & 'host' }}:%d/check", "allowInsecureHttp": true, "timeoutMs": 2000}},
                   {"id": "reply", "type": "respond", "config": {"status": 200,
                     "body": "{ 'greeting': 'Checked, ' & input.name & '!' }"}}
                 ],
                 "edges": [{"from": "visitor", "to": "check"}, {"from": "check", "to": "reply"}]}
                """.formatted(port);
    }

    @Test
    void rollout_whenTheCanarysDependencyTurnsTo500s_rollsBackWithinItsWindowAndSaysWhyInTheHistory() throws Exception {
        String greeting = Files.readString(StartedPlatform.sample("greeting.json"));
        PLATFORM.api().publish(WORKFLOW, "v1.0.0", greeting, "all");
        PLATFORM.api().publish(WORKFLOW, "v2.0.0", checkingGreeting(dependency.getAddress().getPort()), "staged");

        HttpResponse<String> started = PLATFORM.api().send("POST", "/api/v1/workflows/" + WORKFLOW + "/rollout",
                "{\"version\":\"v2.0.0\",\"steps\":[50,100],\"intervalSeconds\":60,\"maxErrorRate\":0.05,"
                        + "\"maxP95Ms\":5000,\"minRequests\":10,\"windowSeconds\":3}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);

        ExecutorService callers = Executors.newFixedThreadPool(2);
        long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
        AtomicBoolean rolledBack = new AtomicBoolean();
        List<Future<List<String>>> load = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            load.add(callers.submit(() -> drive(stopAt, rolledBack)));
        }
        Thread.sleep(2_000);
        JsonNode healthy = ControlApi.json(PLATFORM.api().send("GET", "/api/v1/workflows/" + WORKFLOW + "/rollout", null).body());
        assertThat(healthy.path("status").asText()).as(healthy.toString()).isIn("RUNNING", "PAUSED");

        dependencyBroken.set(true);
        long broke = System.nanoTime();
        JsonNode state = healthy;
        while (System.nanoTime() < stopAt && !"ROLLED_BACK".equals(state.path("status").asText())) {
            Thread.sleep(100);
            state = ControlApi.json(PLATFORM.api().send("GET", "/api/v1/workflows/" + WORKFLOW + "/rollout", null).body());
        }
        double secondsToRollback = (System.nanoTime() - broke) / 1e9;
        rolledBack.set(true);
        List<String> versions = new ArrayList<>();
        for (Future<List<String>> caller : load) {
            versions.addAll(caller.get(40, TimeUnit.SECONDS));
        }
        callers.shutdownNow();

        assertThat(state.path("status").asText()).as(state.toString()).isEqualTo("ROLLED_BACK");
        assertThat(secondsToRollback).as("seconds from the first 500 to the rollback").isLessThan(3 + 1 + 3);
        assertThat(state.path("reason").asText()).contains("rolled back to v1.0.0").contains("error rate");
        assertThat(versions).as("versions that answered after the rollback was seen").containsOnly("v1.0.0");
        JsonNode latest = ControlApi.json(PLATFORM.api().send("GET", "/api/v1/workflows/" + WORKFLOW + "/history", null).body())
                .path("entries").get(0);
        assertThat(latest.path("by").asText()).isEqualTo("wfp-rollout");
        assertThat(latest.path("why").asText()).contains("automatic rollback of v2.0.0").contains("error rate");
        JsonNode routing = ControlApi.json(PLATFORM.api().send("GET", "/api/v1/workflows/" + WORKFLOW + "/traffic", null).body());
        assertThat(routing.path("weights").get(0).path("version").asText()).isIn("v1.0.0", "v2.0.0");
        assertThat(routing.path("weights").findValues("percent").stream().mapToInt(JsonNode::asInt).max().orElse(0))
                .isEqualTo(100);
        JsonNode canaryLive = liveOf(routing, "v2.0.0");
        assertThat(canaryLive.path("errors").asLong()).as("the canary's last minute: %s", canaryLive).isPositive();
        assertThat(liveOf(routing, "v1.0.0").path("requests").asLong()).isPositive();
        Process cli = new ProcessBuilder(PlatformProcess.javaCommand("traffic", WORKFLOW, "--url", PLATFORM.api().httpsUrl(),
                "--data", PLATFORM.dataDir().toString())).redirectErrorStream(true).start();
        String table = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(table).contains("CALLS/60s").contains("ERRORS").contains("P95")
                .containsPattern("v2\\.0\\.0 +0% +[1-9][0-9]* +[1-9][0-9]* \\(");
        System.out.printf("AutomaticRollbackE2E: rolled back %.1f s after the dependency broke: %s%n",
                secondsToRollback, latest.path("why").asText());
    }

    private static JsonNode liveOf(JsonNode routing, String version) {
        for (JsonNode weight : routing.path("weights")) {
            if (weight.path("version").asText().equals(version)) {
                return weight.path("live");
            }
        }
        throw new AssertionError("no weight for " + version + " in " + routing);
    }

    /** Calls until {@code stopAt}; returns the versions that answered once the rollback had been seen (plus 250 ms). */
    private static List<String> drive(long stopAt, AtomicBoolean rolledBack) {
        List<String> after = new ArrayList<>();
        long seenAt = 0;
        while (System.nanoTime() < stopAt) {
            if (rolledBack.get() && seenAt == 0) {
                seenAt = System.nanoTime();
            }
            long started = System.nanoTime();
            try {
                HttpResponse<String> answer = PLATFORM.api().client().send(HttpRequest.newBuilder(
                                URI.create(PLATFORM.api().httpsUrl() + "/w/" + WORKFLOW))
                        .header("Content-Type", "application/json").header("X-Api-Key", apiKey)
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Load\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (seenAt != 0 && started > seenAt + TimeUnit.MILLISECONDS.toNanos(250)) {
                    after.add(answer.headers().firstValue("X-Workflow-Version").orElse("(none)"));
                    if (after.size() >= 20) {
                        return after;
                    }
                }
            } catch (Exception e) {
                after.add("failed: " + e);
            }
        }
        return after;
    }
}
