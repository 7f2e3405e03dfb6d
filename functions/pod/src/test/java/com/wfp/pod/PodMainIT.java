package com.wfp.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Launches PodMain as a child JVM, the way the local platform does, and drives it over HTTP. */
class PodMainIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "it-pod-token-abcdef0123456789";

    @Test
    void childProcess_startsLoadsRunsAndDrainsOnSigterm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                PodMain.class.getName(), "--port=0", "--name=it-user", "--max-concurrency=4", "--drain-timeout-ms=15000");
        builder.environment().put("WFP_POD_TOKEN", TOKEN);
        Path stderr = Files.createTempFile("pod-it-", ".stderr");
        builder.redirectError(stderr.toFile());
        Process process = builder.start();
        BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
        List<String> allLines = new CopyOnWriteArrayList<>();
        Thread.ofPlatform().daemon(true).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    allLines.add(line);
                    stdout.add(line);
                }
            } catch (Exception ignored) {
                // The stream closes when the child exits.
            }
        });
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            String readyLine = stdout.poll(30, TimeUnit.SECONDS);
            assertThat(readyLine).as("the ready line").isNotNull();
            JsonNode ready = JSON.readTree(readyLine);
            assertThat(ready.path("event").asText()).isEqualTo("pod.ready");
            int port = ready.path("port").asInt();
            assertThat(port).isPositive();
            URI base = URI.create("http://127.0.0.1:" + port);

            HttpResponse<String> loaded = http.send(HttpRequest.newBuilder(base.resolve("/releases/rel-it"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .PUT(HttpRequest.BodyPublishers.ofString(TestWorkflows.release("greeter", "v1.0.0", TestWorkflows.greeter("greeter"))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(200);
            http.send(HttpRequest.newBuilder(base.resolve("/releases/slow-it"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .PUT(HttpRequest.BodyPublishers.ofString(TestWorkflows.release("sleeper", "v1.0.0", TestWorkflows.sleeper("sleeper", 1500))))
                    .build(), HttpResponse.BodyHandlers.ofString());

            HttpResponse<String> ran = http.send(HttpRequest.newBuilder(base.resolve("/run/rel-it"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"child\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ran.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(ran.body()).path("greeting").asText()).isEqualTo("hello child");

            CompletableFuture<HttpResponse<String>> slow = http.sendAsync(HttpRequest.newBuilder(base.resolve("/run/slow-it"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            awaitInFlight(http, base);

            // SIGTERM, as ECS and the local platform send it. Through the handle, because Process.destroy()
            // also closes our end of the child's stdout, which would hide the lines it writes while draining.
            long termAt = System.nanoTime();
            assertThat(process.toHandle().destroy()).isTrue();

            assertThat(slow.get(20, TimeUnit.SECONDS).statusCode()).as("the in-flight execution finishes").isEqualTo(200);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the pod exits").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - termAt)).isLessThan(Duration.ofSeconds(10));
            // 143 = terminated by SIGTERM after the shutdown hook ran; the JVM reports it that way even when clean.
            assertThat(process.exitValue()).isIn(0, 143);
        } finally {
            process.destroyForcibly();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (allLines.stream().noneMatch(line -> line.contains("\"pod.stopped\"")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        for (String line : allLines) {
            assertThat(JSON.readTree(line).isObject()).as("stdout carries only JSON lines: " + line).isTrue();
        }
        JsonNode stopped = JSON.readTree(allLines.getLast());
        assertThat(stopped.path("event").asText()).as("last stdout line; stderr was:\n" + Files.readString(stderr))
                .isEqualTo("pod.stopped");
        assertThat(stopped.path("drained").asBoolean()).isTrue();
        assertThat(allLines).anyMatch(line -> line.contains("\"event\":\"execution\"") && line.contains("\"releaseId\":\"rel-it\""));
    }

    private static void awaitInFlight(HttpClient http, URI base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (JSON.readTree(health.body()).path("inFlight").asInt() > 0) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the slow execution never started");
    }
}
