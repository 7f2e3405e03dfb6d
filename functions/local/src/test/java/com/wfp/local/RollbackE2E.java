package com.wfp.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ReportJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A rollback under load, as a user would see it: the platform started from the shaded jar, two
 * versions published (all traffic on the second), a few callers sending requests without pause,
 * and a rollback to the first version while they run. No request may fail, and no request that
 * started more than 250 ms after the rollback call returned may be answered by the second version.
 */
class RollbackE2E {

    private static final String WORKFLOW = "local/default/greeting";
    private static final int CALLERS = 4;
    private static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private static String apiKey;

    @RegisterExtension
    static final StartedPlatform PLATFORM = StartedPlatform.withDataDirectoryPrefix("wfp-rollback-e2e-");

    @BeforeAll
    static void startPlatform() throws Exception {
        apiKey = PLATFORM.api().createKey("local/default");
    }

    /** One request of the load: when it started and ended (nanoTime), and how it was answered. */
    private record Sent(long startedNanos, long endedNanos, int status, String version, String failure) {
    }

    @Test
    void rollback_underContinuousLoad_failsNoRequestAndStopsServingTheNewVersionWithin250Ms() throws Exception {
        String greeting = Files.readString(StartedPlatform.sample("greeting.json"));
        PLATFORM.api().publish(WORKFLOW, "v1.0.0", greeting, "all");
        PLATFORM.api().publish(WORKFLOW, "v2.0.0", greeting.replace("'Hello, '", "'Welcome, '"), "all");
        assertThat(call().headers().firstValue("X-Workflow-Version")).contains("v2.0.0");

        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        List<Future<List<Sent>>> load = new ArrayList<>();
        long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        for (int i = 0; i < CALLERS; i++) {
            load.add(callers.submit(() -> drive(stopAt)));
        }
        Thread.sleep(1_500);
        HttpResponse<String> rollback = PLATFORM.api().send("POST", "/api/v1/workflows/" + WORKFLOW + "/rollback",
                "{\"version\":\"v1.0.0\",\"why\":\"rollback under load\"}");
        long rollbackReturned = System.nanoTime();
        List<Sent> sent = new ArrayList<>();
        for (Future<List<Sent>> caller : load) {
            sent.addAll(caller.get(30, TimeUnit.SECONDS));
        }
        callers.shutdownNow();

        assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
        JsonNode result = ReportJson.mapper().readTree(rollback.body());
        assertThat(result.path("from").asText()).isEqualTo("v2.0.0");
        assertThat(result.path("to").asText()).isEqualTo("v1.0.0");
        assertThat(sent).as("requests sent").hasSizeGreaterThan(50);
        assertThat(sent).filteredOn(s -> s.status() != 200).as("failed requests").isEmpty();
        assertThat(sent).filteredOn(s -> s.endedNanos() < rollbackReturned).extracting(Sent::version)
                .as("answers before the rollback").contains("v2.0.0");
        List<Sent> later = sent.stream().filter(s -> s.startedNanos() > rollbackReturned + SETTLE_NANOS).toList();
        assertThat(later).as("requests started 250 ms after the rollback returned").hasSizeGreaterThan(10);
        assertThat(later).extracting(Sent::version).containsOnly("v1.0.0");
        System.out.printf("RollbackE2E: %d requests, 0 failed; rollback took %.1f ms in the platform%n",
                sent.size(), result.path("tookMs").asDouble());

        HttpResponse<String> history = PLATFORM.api().send("GET", "/api/v1/workflows/" + WORKFLOW + "/history", null);
        JsonNode latest = ReportJson.mapper().readTree(history.body()).path("entries").get(0);
        assertThat(latest.path("why").asText()).contains("rollback under load");
        assertThat(latest.path("by").asText()).as("the principal who rolled back: the admin token").isEqualTo("admin");
    }

    private static List<Sent> drive(long stopAt) {
        List<Sent> sent = new ArrayList<>();
        while (System.nanoTime() < stopAt) {
            long started = System.nanoTime();
            try {
                HttpResponse<String> answer = call();
                sent.add(new Sent(started, System.nanoTime(), answer.statusCode(),
                        answer.headers().firstValue("X-Workflow-Version").orElse(null),
                        answer.statusCode() == 200 ? null : answer.body()));
            } catch (Exception e) {
                sent.add(new Sent(started, System.nanoTime(), -1, null, e.toString()));
            }
        }
        return sent;
    }

    private static HttpResponse<String> call() throws Exception {
        return PLATFORM.api().client().send(HttpRequest.newBuilder(URI.create(PLATFORM.api().httpsUrl() + "/w/" + WORKFLOW))
                .header("Content-Type", "application/json").header("X-Api-Key", apiKey).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Load\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
