package com.wfp.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Production telemetry as a user meets it: the platform started from the shaded jar, a release that
 * works, then one whose dependency turns to 500s once it is published. The failures are grouped with "first seen in" the
 * release that brought them, each execution is listed with its caller and failing node, its input
 * is stored masked, the metrics series counts both releases, and the CLI prints the same. A seeded
 * marker sent in a write-only field never reaches the telemetry database. Then the alerting on the
 * same platform: the error-rate alert fires for the failing release, a webhook receiver verifies
 * every notification's signature (the first delivery refused, so it is retried), a rollback
 * follows and the alert resolves; a publish that fails its health check notifies with its step.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionTelemetryE2E {

    private static final Duration TELEMETRY_WAIT = Duration.ofSeconds(20);
    private static final String WORKFLOW = "local/default/greeting";

    private static String apiKey;
    private static HttpServer dependency;
    private static final AtomicBoolean dependencyBroken = new AtomicBoolean();
    private static HttpServer receiver;
    private static final List<Received> received = new CopyOnWriteArrayList<>();
    private static final AtomicInteger receiverCalls = new AtomicInteger();
    private static String channelSecret;

    /** One webhook delivery as the receiver got it, and whether its signature verified. */
    private record Received(String event, String delivery, JsonNode body, boolean signatureValid) {
    }

    @RegisterExtension
    static final StartedPlatform PLATFORM = StartedPlatform.withDataDirectoryPrefix("wfp-telemetry-e2e-")
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
        dependency.setExecutor(Executors.newFixedThreadPool(2));
        dependency.start();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("localhost"), 0), 50);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            // The first delivery is refused, so the notifier has to retry it.
            boolean refuse = receiverCalls.getAndIncrement() == 0;
            if (!refuse) {
                received.add(new Received(exchange.getRequestHeaders().getFirst("Wfp-Event"),
                        exchange.getRequestHeaders().getFirst("Wfp-Delivery"), ControlApi.json(
                        new String(body, StandardCharsets.UTF_8)), com.wfp.platform.notify.WebhookSignature.verify(
                        channelSecret, exchange.getRequestHeaders().getFirst("Wfp-Signature"), body,
                        System.currentTimeMillis() / 1000, 300)));
            }
            exchange.sendResponseHeaders(refuse ? 503 : 204, -1);
            exchange.close();
        });
        receiver.setExecutor(Executors.newFixedThreadPool(2));
        receiver.start();
        apiKey = PLATFORM.api().createKey("local/default");
        HttpResponse<String> channel = PLATFORM.api().send("POST", "/api/v1/projects/local/default/notify/channels", "{\"type\":\"webhook\",\"url\":"
                + "\"http://localhost:" + receiver.getAddress().getPort() + "/hook\"}");
        assertThat(channel.statusCode()).as(channel.body()).isEqualTo(201);
        channelSecret = ControlApi.json(channel.body()).path("secret").asText();
        assertThat(channelSecret).startsWith("whsec_");
    }

    @AfterAll
    static void stop() throws Exception {
        if (dependency != null) {
            dependency.stop(0);
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    /** A greeting that checks a service on this machine first and takes a write-only password. */
    private static String checkingGreeting(int port) {
        return """
                {"format": 1, "id": "greeting",
                 "nodes": [
                   {"id": "visitor", "type": "trigger.http", "config": {"method": "POST", "auth": "apiKey",
                     "inputSchema": {"type": "object", "required": ["name"], "properties": {
                       "name": {"type": "string"}, "password": {"type": "string", "writeOnly": true}}},
                     "example": {"name": "Ada", "password": "x"}}},
                   {"id": "check", "type": "http.request", "config": {"method": "GET",
                     "url": "http://{{ 'local' & 'host' }}:%d/check", "allowInsecureHttp": true, "timeoutMs": 2000}},
                   {"id": "reply", "type": "respond", "config": {"status": 200,
                     "body": "{ 'greeting': 'Checked, ' & input.name & '!' }"}}
                 ],
                 "edges": [{"from": "visitor", "to": "check"}, {"from": "check", "to": "reply"}]}
                """.formatted(port);
    }

    @Test
    @Order(1)
    void telemetry_whenANewReleaseFails_groupsItsErrorsFirstSeenInThatReleaseWithMaskedInputs() throws Exception {
        String greeting = Files.readString(StartedPlatform.sample("greeting.json"));
        PLATFORM.api().publish(WORKFLOW, "v1.0.0", greeting, "all");
        for (int i = 0; i < 3; i++) {
            assertThat(call("{\"name\":\"Ada " + i + "\"}").statusCode()).isEqualTo(200);
        }
        PLATFORM.api().publish(WORKFLOW, "v2.0.0", checkingGreeting(dependency.getAddress().getPort()), "all");
        dependencyBroken.set(true);
        String marker = "MARKER-" + UUID.randomUUID();
        String lastExecution = null;
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> failed = call("{\"name\":\"Bob " + i + "\",\"password\":\"" + marker + "\"}");
            assertThat(failed.statusCode()).as(failed.body()).isGreaterThanOrEqualTo(500);
            assertThat(failed.headers().firstValue("X-Workflow-Version")).hasValue("v2.0.0");
            lastExecution = failed.headers().firstValue("X-Execution-Id").orElseThrow();
        }

        JsonNode errors = await("/errors", answer -> answer.path("groups").size() == 1
                && answer.path("groups").get(0).path("count").asLong() == 4);
        JsonNode group = errors.path("groups").get(0);
        assertThat(group.path("firstSeenIn").asText()).isEqualTo("v2.0.0");
        assertThat(group.path("node").asText()).isEqualTo("check");
        assertThat(group.path("releases")).hasSize(1);
        assertThat(group.path("releases").get(0).path("count").asLong()).isEqualTo(4);

        JsonNode failures = await("/executions?status=failed", answer -> answer.path("executions").size() == 4
                && answer.path("executions").get(0).hasNonNull("caller"));
        JsonNode newest = failures.path("executions").get(0);
        assertThat(newest.path("version").asText()).isEqualTo("v2.0.0");
        assertThat(newest.path("error").path("node").asText()).isEqualTo("check");
        assertThat(newest.path("error").path("fingerprint").asText()).isEqualTo(group.path("fingerprint").asText());
        assertThat(newest.path("caller").asText()).startsWith("key_");
        // Each publish's health check ran the example once in the pod too: recorded, with no caller.
        JsonNode all = await("/executions", answer -> answer.path("executions").size() == 3 + 4 + 2);
        assertThat(all.path("executions").findValuesAsText("version")).containsOnly("v1.0.0", "v2.0.0");
        assertThat(all.path("executions").findValues("caller").stream().filter(JsonNode::isNull)).hasSize(2);
        assertThat(all.path("telemetry").path("dropped").asLong()).isZero();

        HttpResponse<String> one = PLATFORM.api().send("GET", "/api/v1/executions/" + lastExecution, null);
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        JsonNode execution = ControlApi.json(one.body());
        assertThat(execution.path("nodes").findValuesAsText("node")).contains("visitor", "check");
        assertThat(execution.path("error").path("input").asText()).contains("Bob").contains("***")
                .doesNotContain(marker);
        HttpResponse<String> search = PLATFORM.api().send("GET", "/api/v1/workflows/" + WORKFLOW + "/executions?search="
                + marker, null);
        assertThat(ControlApi.json(search.body()).path("executions")).isEmpty();

        JsonNode metrics = await("/metrics?since=15m", answer -> calls(answer, "v1.0.0") == 3
                && calls(answer, "v2.0.0") == 4);
        for (JsonNode point : metrics.path("points")) {
            assertThat(point.path("errors").asLong()).isEqualTo(point.path("version").asText().equals("v2.0.0")
                    ? point.path("calls").asLong() : 0);
            assertThat(point.path("p95Ms").asDouble()).isPositive();
        }

        String table = PLATFORM.cli(0, "errors", "greeting");
        assertThat(table).contains("FIRST SEEN IN").containsPattern("\\s4\\s+v2\\.0\\.0\\s");
        String executions = PLATFORM.cli(0, "executions", "greeting", "--failed");
        assertThat(executions).contains(lastExecution).contains("check").doesNotContain("v1.0.0");
        String detail = PLATFORM.cli(0, "execution", lastExecution);
        assertThat(detail).contains("input (masked)").contains("***").doesNotContain(marker);
        assertThat(PLATFORM.cli(0, "metrics", "greeting")).contains("v2.0.0");
        assertThat(PLATFORM.cli(0, "logs", "greeting", "--failed"))
                .contains(lastExecution + " node=check code=http.status").doesNotContain(marker);

        assertThat(telemetryFilesContain(marker)).as("the marker in telemetry.db or its WAL").isFalse();
        assertThat(telemetryFilesContain("Bob 3")).as("the scan itself finds stored input text").isTrue();

        // Search and filters on the groups, one group shown, and the workflow's insights.
        String fingerprint = group.path("fingerprint").asText();
        JsonNode found = jsonOut(PLATFORM.cli(0, "errors", "greeting",
                "--search", "answered", "--release", "v2.0.0", "--node", "check", "--code", "http.status", "--json"));
        assertThat(found.path("groups").findValuesAsText("fingerprint")).containsExactly(fingerprint);
        assertThat(jsonOut(PLATFORM.cli(0, "errors", "greeting", "--release",
                "v1.0.0", "--json")).path("groups")).isEmpty();
        assertThat(jsonOut(PLATFORM.cli(0, "errors", "greeting", "--search",
                "nothing-like-this", "--json")).path("groups")).isEmpty();
        String shown = PLATFORM.cli(0, "errors", "show", fingerprint, "-w", "greeting");
        assertThat(shown).contains("count 4").contains("first seen in v2.0.0").contains("hint: First seen in v2.0.0")
                .contains("wfp rollback greeting").contains("latest failure: execution " + lastExecution)
                .contains("stack trace:").contains("input (masked)").contains("localhost").doesNotContain(marker);
        JsonNode insights = jsonOut(PLATFORM.cli(0, "insights", "greeting",
                "--since", "1h", "--json"));
        assertThat(insights.path("topGroups").findValuesAsText("fingerprint")).containsExactly(fingerprint);
        JsonNode v2 = insights.path("releases").get(0);
        assertThat(v2.path("version").asText()).isEqualTo("v2.0.0");
        assertThat(v2.path("errorRate").asDouble()).isEqualTo(1.0);
        assertThat(v2.path("hint").asText()).contains("wfp rollback greeting --to v1.0.0");
        JsonNode host = insights.path("upstreams").get(0);
        assertThat(host.path("host").asText()).isEqualTo("localhost");
        assertThat(host.path("serverErrors").asLong()).isEqualTo(4);
        assertThat(host.path("hint").asText()).contains("5xx");
        assertThat(insights.path("slowestNodes").findValuesAsText("node")).contains("check");
        assertThat(PLATFORM.cli(0, "insights", "greeting"))
                .contains("Hosts called:").contains("hint (localhost)");
    }

    @Test
    @Order(3)
    void secrets_inAFailedExecution_neverReachTheTelemetryStoreNorItsFullTextIndex() throws Exception {
        // One word, so FTS5 would index it as one term if it ever got there.
        String secret = "zqsecret" + UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> set = PLATFORM.api().send("PUT", "/api/v1/projects/local/default/secrets/vaultkey",
                "{\"value\":\"" + secret + "\"}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        PLATFORM.api().publish("local/default/vault", "v1.0.0", """
                {"format": 1, "id": "vault", "credentials": [{"name": "vaultkey", "type": "bearer"}],
                 "nodes": [
                   {"id": "in", "type": "trigger.http", "config": {"method": "POST", "auth": "apiKey"}},
                   {"id": "boom", "type": "fail", "config": {"status": 500,
                     "message": "vault refused {{ $secret('vaultkey') }} for {{ input.name }}"}}
                 ],
                 "edges": [{"from": "in", "to": "boom"}]}
                """, "all");
        HttpResponse<String> failed = PLATFORM.api().client().send(HttpRequest.newBuilder(URI.create(PLATFORM.api().httpsUrl()
                        + "/w/local/default/vault")).header("Content-Type", "application/json").header("X-Api-Key", apiKey)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Zoe\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(500);
        assertThat(failed.body()).contains("vault refused ***").doesNotContain(secret);

        long deadline = System.nanoTime() + TELEMETRY_WAIT.toNanos();
        JsonNode groups = null;
        while (System.nanoTime() < deadline) {
            groups = ControlApi.json(PLATFORM.api().send("GET", "/api/v1/workflows/local/default/vault/errors?search=Zoe", null).body());
            if (groups.path("groups").size() == 1) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(groups.path("groups")).as("the failure is indexed by its other words").hasSize(1);
        assertThat(groups.toString()).contains("vault refused ***").doesNotContain(secret);
        assertThat(ControlApi.json(PLATFORM.api().send("GET", "/api/v1/workflows/local/default/vault/errors?search=" + secret,
                null).body()).path("groups")).isEmpty();
        assertThat(ControlApi.json(PLATFORM.api().send("GET", "/api/v1/workflows/local/default/vault/executions?search=" + secret,
                null).body()).path("executions")).isEmpty();
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:file:"
                + PLATFORM.dataDir().resolve("telemetry.db") + "?mode=ro");
             java.sql.PreparedStatement terms = db.prepareStatement(
                     "SELECT count(*) FROM executions_text WHERE executions_text MATCH ?")) {
            terms.setString(1, "\"" + secret + "\"");
            try (java.sql.ResultSet rs = terms.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("rows of the FTS5 index holding the secret as a term").isZero();
            }
            terms.setString(1, "\"zoe\"");
            try (java.sql.ResultSet rs = terms.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("the same query finds the failure by a word it holds").isEqualTo(1);
            }
        }
        assertThat(telemetryFilesContain(secret)).as("the secret in telemetry.db or its WAL").isFalse();
    }

    @Test
    @Order(4)
    void alerts_whenTheFailingReleaseKeepsFailing_fireNotifySignedAndResolveAfterARollback() throws Exception {
        JsonNode defaults = ControlApi.json(PLATFORM.api().send("GET", "/api/v1/workflows/" + WORKFLOW + "/alert-rules", null).body());
        assertThat(defaults.path("updatedBy").asText()).as("created at the first publish").isEqualTo("wfp");
        assertThat(defaults.path("maxErrorRatePercent").asDouble()).isEqualTo(5.0);
        PLATFORM.cli(0, "alerts", "rules", "greeting", "--set",
                "error-rate=20%,error-window=10s,min-calls=3");
        dependencyBroken.set(true);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Received fired = null;
        while (fired == null && System.nanoTime() < deadline) {
            call("{\"name\":\"Carol\"}");
            fired = first("alert.fired");
            Thread.sleep(100);
        }
        assertThat(fired).as("alert.fired delivered within 30 s; got %s", received).isNotNull();
        assertThat(fired.signatureValid()).isTrue();
        JsonNode alert = fired.body().path("alert");
        assertThat(alert.path("kind").asText()).isEqualTo("error_rate");
        assertThat(alert.path("version").asText()).isEqualTo("v2.0.0");
        assertThat(alert.path("reason").asText()).contains("error rate").contains("above 20%");
        JsonNode health = ControlApi.json(PLATFORM.api().send("GET", "/api/v1/workflows/" + WORKFLOW + "/health", null).body());
        assertThat(health.path("state").asText()).isEqualTo("failing");
        assertThat(health.path("reason").asText()).contains("error_rate").contains("v2.0.0");
        String healthText = PLATFORM.cli(0, "health", "greeting", "--days", "7");
        assertThat(healthText).contains("FAILING").containsPattern("uptime 100\\.000% over 7 days \\([1-9][0-9]* checks");
        assertThat(PLATFORM.cli(0, "alerts", "greeting", "--firing"))
                .contains(alert.path("id").asText()).contains("firing").contains("v2.0.0");
        Received published = first("deployment.published");
        assertThat(published).as("the publishes were notified: %s", received).isNotNull();
        assertThat(published.signatureValid()).isTrue();

        HttpResponse<String> rollback = PLATFORM.api().send("POST", "/api/v1/workflows/" + WORKFLOW + "/rollback",
                "{\"version\":\"v1.0.0\",\"why\":\"alert " + alert.path("id").asText() + "\"}");
        assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
        Received resolved = null;
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> afterRollback = null;
        while (resolved == null && System.nanoTime() < deadline) {
            // The gateway's routing follows the rollback's event a moment later: a first call may still reach v2.
            afterRollback = call("{\"name\":\"Dan\"}");
            resolved = first("alert.resolved");
            Thread.sleep(200);
        }
        assertThat(afterRollback.statusCode()).as(afterRollback.body()).isEqualTo(200);
        assertThat(afterRollback.headers().firstValue("X-Workflow-Version")).hasValue("v1.0.0");
        assertThat(resolved).as("alert.resolved delivered within 30 s of the rollback; got %s", received).isNotNull();
        assertThat(resolved.signatureValid()).isTrue();
        assertThat(resolved.body().path("alert").path("id").asText()).isEqualTo(alert.path("id").asText());
        assertThat(resolved.body().path("alert").path("state").asText()).isEqualTo("resolved");
        assertThat(received.stream().filter(r -> r.event().equals("alert.fired"))).as("fired once, not per tick").hasSize(1);
        assertThat(ControlApi.json(PLATFORM.api().send("GET", "/api/v1/workflows/" + WORKFLOW + "/health", null).body())
                .path("state").asText()).isEqualTo("healthy");

        try (PlatformProcess follow = PlatformProcess.start("logs", "greeting", "--follow", "--since", "5s",
                "--url", PLATFORM.api().httpsUrl(), "--data", PLATFORM.dataDir().toString())) {
            Thread.sleep(1500);
            String followed = call("{\"name\":\"Eve\"}").headers().firstValue("X-Execution-Id").orElseThrow();
            long followDeadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!follow.transcript().contains(followed) && System.nanoTime() < followDeadline) {
                Thread.sleep(200);
            }
            assertThat(follow.transcript()).as("wfp logs --follow printed the new execution").contains(followed)
                    .contains("v1.0.0 SUCCEEDED 200");
            assertThat(follow.process().isAlive()).isTrue();
        }

        HttpResponse<String> failing = PLATFORM.api().send("POST", "/api/v1/workflows/" + WORKFLOW + "/releases",
                "{\"version\":\"v3.0.0\",\"definition\":" + checkingGreeting(dependency.getAddress().getPort()) + "}");
        assertThat(failing.statusCode()).as(failing.body()).isEqualTo(202);
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (first("deployment.failed") == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Received failed = first("deployment.failed");
        assertThat(failed).as("deployment.failed delivered; got %s", received).isNotNull();
        assertThat(failed.signatureValid()).isTrue();
        assertThat(failed.body().path("failure").path("step").asText()).isEqualTo("health_check");
        assertThat(failed.body().path("failure").path("message").asText()).contains("502");

        JsonNode log = ControlApi.json(PLATFORM.api().send("GET", "/api/v1/projects/local/default/notify/deliveries?limit=1000", null).body());
        assertThat(log.path("deliveries").findValues("status").stream().map(JsonNode::asInt)).contains(503);
        assertThat(log.path("deliveries").findValues("attempt").stream().map(JsonNode::asInt)).contains(2);
        assertThat(PLATFORM.cli(0, "notify", "deliveries")).contains("alert.resolved");
        assertThat(PLATFORM.cli(0, "notify", "list")).doesNotContain(channelSecret);
    }

    /** The JSON a CLI command printed, after whatever the JVM said before it. */
    private static JsonNode jsonOut(String transcript) throws Exception {
        return ControlApi.json(transcript.substring(transcript.indexOf('{')));
    }

    private static Received first(String event) {
        return received.stream().filter(r -> event.equals(r.event())).findFirst().orElse(null);
    }

    private static long calls(JsonNode metrics, String version) {
        long calls = 0;
        for (JsonNode point : metrics.path("points")) {
            if (point.path("version").asText().equals(version)) {
                calls += point.path("calls").asLong();
            }
        }
        return calls;
    }

    private static boolean telemetryFilesContain(String text) throws Exception {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(PLATFORM.dataDir())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("telemetry.db")).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                outer:
                for (int i = 0; i + needle.length <= bytes.length; i++) {
                    for (int j = 0; j < needle.length; j++) {
                        if (bytes[i + j] != needle[j]) {
                            continue outer;
                        }
                    }
                    return true;
                }
            }
        }
        return false;
    }

    private static HttpResponse<String> call(String body) throws Exception {
        return PLATFORM.api().client().send(HttpRequest.newBuilder(URI.create(PLATFORM.api().httpsUrl() + "/w/" + WORKFLOW))
                        .header("Content-Type", "application/json").header("X-Api-Key", apiKey)
                        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls a workflow route until its answer satisfies {@code done}: telemetry is written a second later. */
    private static JsonNode await(String route, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + TELEMETRY_WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = PLATFORM.api().send("GET", "/api/v1/workflows/" + WORKFLOW + route, null);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            last = ControlApi.json(answer.body());
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        return fail("GET " + route + " did not show what was expected within " + TELEMETRY_WAIT.toSeconds()
                + " s; last answer: " + last);
    }
}
