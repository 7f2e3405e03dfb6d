package com.wfp.adapters.local.pod;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** What the pod tests share: settings that launch the pod server, a workflow, HTTP calls to a pod. */
final class PodTesting {

    static final String POD_MAIN = LocalPodSettings.POD_MAIN_CLASS;

    static final String HELLO_WORKFLOW = """
            {"format":1,"id":"hello","nodes":[
              {"id":"in","type":"trigger.http","config":{"method":"POST","auth":"apiKey"}},
              {"id":"out","type":"respond","config":{"status":200,"body":"{'hello': input.name}"}}],
             "edges":[{"from":"in","to":"out"}]}""";

    static final String GOODBYE_WORKFLOW = HELLO_WORKFLOW.replace("'hello'", "'goodbye'")
            .replace("\"id\":\"hello\"", "\"id\":\"goodbye\"");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PodTesting() {
    }

    /** Settings for tests: the test's own class path, generous readiness on a busy machine, quick restarts. */
    static LocalPodSettings settings(Path dataDir) {
        return LocalPodSettings.defaults(dataDir)
                .withMainClass(POD_MAIN)
                .withReadinessTimeout(Duration.ofSeconds(60))
                .withRestartBackoff(Duration.ofMillis(300), Duration.ofSeconds(5));
    }

    static HttpResponse<String> run(RunningPod pod, String releaseId, String jsonBody)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(pod.baseUrl() + "/run/" + releaseId))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + pod.token())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(jsonBody))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until the condition holds; fails the test with the description after the timeout. */
    static void awaitTrue(String description, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting until " + description);
            }
            Thread.sleep(100);
        }
    }

    static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
