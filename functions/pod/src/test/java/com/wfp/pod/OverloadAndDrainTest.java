package com.wfp.pod;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.wfp.pod.RunningPod.json;
import static org.assertj.core.api.Assertions.assertThat;

class OverloadAndDrainTest {

    private record Timed(HttpResponse<String> response, long millis) {
    }

    @Test
    void run_overConcurrencyAndQueue_answers429WithRetryAfterAtOnce() throws Exception {
        PodSettings settings = PodSettings.defaults(RunningPod.TOKEN).withLimits(2, 1, Duration.ofSeconds(10));
        try (RunningPod pod = new RunningPod(settings)) {
            pod.load("slow", "sleeper", "v1", TestWorkflows.sleeper("sleeper", 1500));
            List<Future<Timed>> calls = new ArrayList<>();
            try (ExecutorService threads = Executors.newFixedThreadPool(10)) {
                for (int i = 0; i < 10; i++) {
                    calls.add(threads.submit(() -> {
                        long start = System.nanoTime();
                        HttpResponse<String> response = pod.run("slow", "{}");
                        return new Timed(response, (System.nanoTime() - start) / 1_000_000);
                    }));
                }
                List<Timed> done = new ArrayList<>();
                for (Future<Timed> call : calls) {
                    done.add(call.get());
                }
                List<Timed> ok = done.stream().filter(t -> t.response().statusCode() == 200).toList();
                List<Timed> refused = done.stream().filter(t -> t.response().statusCode() == 429).toList();
                assertThat(ok).hasSize(3);
                assertThat(refused).hasSize(7);
                for (Timed t : refused) {
                    assertThat(t.response().headers().firstValue("Retry-After")).hasValue("1");
                    assertThat(json(t.response()).path("error").path("code").asText()).isEqualTo("pod.overloaded");
                    assertThat(t.millis()).as("a refusal never waits for a slot").isLessThan(1200);
                }
            }
            JsonNode health = json(pod.get("/health"));
            assertThat(health.path("refusedOverload").asLong()).isEqualTo(7);
            pod.logs.awaitCount(line -> "execution.refused".equals(line.path("event").asText()), 7, Duration.ofSeconds(5));
        }
    }

    @Test
    void run_waitingLongerThanQueueTimeout_answers503WithRetryAfter() throws Exception {
        PodSettings settings = PodSettings.defaults(RunningPod.TOKEN).withLimits(1, 1, Duration.ofMillis(200));
        try (RunningPod pod = new RunningPod(settings)) {
            pod.load("slow", "sleeper", "v1", TestWorkflows.sleeper("sleeper", 1500));
            CompletableFuture<HttpResponse<String>> holder = CompletableFuture.supplyAsync(() -> pod.run("slow", "{}"));
            awaitInFlight(pod, 1);

            HttpResponse<String> waited = pod.run("slow", "{}");

            assertThat(waited.statusCode()).isEqualTo(503);
            assertThat(waited.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(json(waited).path("error").path("code").asText()).isEqualTo("pod.queue-timeout");
            assertThat(holder.get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void stop_withSlowExecutionInFlight_finishesItAndRefusesNewRuns() throws Exception {
        PodSettings settings = PodSettings.defaults(RunningPod.TOKEN).withDrainTimeout(Duration.ofSeconds(20));
        RunningPod pod = new RunningPod(settings);
        pod.load("slow", "sleeper", "v1", TestWorkflows.sleeper("sleeper", 2000));
        pod.load("fast", "greeter", "v1", TestWorkflows.greeter("greeter"));
        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> pod.run("slow", "{}"));
        awaitInFlight(pod, 1);

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(pod.server::stop);
        HttpResponse<String> health = awaitHealthStatus(pod, 503);
        HttpResponse<String> refused = pod.run("fast", "{\"name\": \"late\"}");

        assertThat(json(health).path("status").asText()).isEqualTo("draining");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(json(refused).path("error").path("code").asText()).isEqualTo("pod.draining");
        assertThat(stopping).isNotDone();

        HttpResponse<String> finished = inFlight.get();
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(json(finished).path("slept").asBoolean()).isTrue();
        stopping.get();
        JsonNode stopped = pod.logs.await(line -> "pod.stopped".equals(line.path("event").asText()), Duration.ofSeconds(5));
        assertThat(stopped.path("drained").asBoolean()).isTrue();
        pod.http.close();
    }

    static void awaitInFlight(RunningPod pod, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (pod.server.limiter().inFlight() < count) {
            assertThat(System.nanoTime()).as("an execution started").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static HttpResponse<String> awaitHealthStatus(RunningPod pod, int status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            HttpResponse<String> health = pod.send(HttpRequest.newBuilder(pod.uri("/health")).GET().build());
            if (health.statusCode() == status || System.nanoTime() > deadline) {
                return health;
            }
            Thread.sleep(10);
        }
    }
}
