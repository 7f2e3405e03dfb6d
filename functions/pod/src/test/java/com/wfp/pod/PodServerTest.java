package com.wfp.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.workflow.model.CanonicalJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.wfp.pod.RunningPod.json;
import static org.assertj.core.api.Assertions.assertThat;

class PodServerTest {

    private final RunningPod pod = new RunningPod();

    @AfterEach
    void stopPod() {
        pod.close();
    }

    @Test
    void health_whenStarted_answersReadyWithoutToken() {
        pod.load("rel-1", "greeter", "v1.0.0", TestWorkflows.greeter("greeter"));

        HttpResponse<String> response = pod.send(HttpRequest.newBuilder(pod.uri("/health")).GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = json(response);
        assertThat(health.path("status").asText()).isEqualTo("ready");
        assertThat(health.path("releases").get(0).asText()).isEqualTo("rel-1");
        assertThat(health.path("inFlight").asInt()).isZero();
        assertThat(health.path("queued").asInt()).isZero();
        assertThat(health.path("uptimeMs").asLong()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void adminRoutes_withoutOrWithWrongToken_answer401() {
        HttpRequest noToken = HttpRequest.newBuilder(pod.uri("/releases")).GET().build();
        HttpRequest wrongToken = HttpRequest.newBuilder(pod.uri("/releases/rel-1"))
                .header("Authorization", "Bearer not-the-token-at-all")
                .PUT(HttpRequest.BodyPublishers.ofString(TestWorkflows.release("greeter", "v1", TestWorkflows.greeter("greeter"))))
                .build();
        HttpRequest deleteNoToken = HttpRequest.newBuilder(pod.uri("/releases/rel-1")).DELETE().build();

        for (HttpRequest request : List.of(noToken, wrongToken, deleteNoToken)) {
            HttpResponse<String> response = pod.send(request);
            assertThat(response.statusCode()).as(request.toString()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(json(response).path("error").path("code").asText()).isEqualTo("pod.unauthorized");
        }
        assertThat(pod.server.releases().list()).isEmpty();
    }

    @Test
    void loadListUnload_withToken_managesReleases() throws Exception {
        String definition = TestWorkflows.greeter("greeter");

        HttpResponse<String> loaded = pod.load("rel-1", "greeter", "v1.0.0", definition);

        assertThat(loaded.statusCode()).isEqualTo(200);
        JsonNode answer = json(loaded);
        String expectedSha = CanonicalJson.sha256(new com.fasterxml.jackson.databind.ObjectMapper().readTree(definition));
        assertThat(answer.path("releaseId").asText()).isEqualTo("rel-1");
        assertThat(answer.path("sha256").asText()).isEqualTo(expectedSha);
        assertThat(answer.path("loadedAt").asText()).isNotBlank();

        JsonNode listed = json(pod.get("/releases")).path("releases");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("workflowId").asText()).isEqualTo("greeter");
        assertThat(listed.get(0).path("version").asText()).isEqualTo("v1.0.0");
        assertThat(listed.get(0).path("sha256").asText()).isEqualTo(expectedSha);
        assertThat(listed.get(0).path("executions").asLong()).isZero();

        HttpResponse<String> unloaded = pod.send(pod.request("/releases/rel-1").DELETE().build());
        assertThat(unloaded.statusCode()).isEqualTo(200);
        assertThat(json(pod.get("/releases")).path("releases")).isEmpty();

        HttpResponse<String> again = pod.send(pod.request("/releases/rel-1").DELETE().build());
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(json(again).path("error").path("message").asText()).contains("rel-1");
    }

    @Test
    void load_sameIdSameDefinition_isIdempotent() {
        String definition = TestWorkflows.greeter("greeter");
        JsonNode first = json(pod.load("rel-1", "greeter", "v1.0.0", definition));

        HttpResponse<String> second = pod.load("rel-1", "greeter", "v1.0.0", definition);

        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(json(second).path("loadedAt").asText()).isEqualTo(first.path("loadedAt").asText());
        assertThat(json(second).path("added").asBoolean()).isFalse();
        assertThat(pod.server.releases().list()).hasSize(1);
    }

    @Test
    void load_sameIdDifferentDefinition_answers409() {
        pod.load("rel-1", "greeter", "v1.0.0", TestWorkflows.greeter("greeter"));

        HttpResponse<String> changed = pod.load("rel-1", "greeter", "v1.0.0", TestWorkflows.sleeper("greeter", 5));

        assertThat(changed.statusCode()).isEqualTo(409);
        assertThat(json(changed).path("error").path("code").asText()).isEqualTo("release.immutable");
        assertThat(json(changed).path("error").path("hint").asText()).isNotBlank();
    }

    @Test
    void load_definitionThatCannotRun_answers422WithCodeAndHint() {
        HttpResponse<String> response = pod.load("rel-bad", "broken", "v1", TestWorkflows.unrunnable("broken"));

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode error = json(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo("release.not-runnable");
        assertThat(error.path("message").asText()).contains("shape");
        assertThat(error.path("hint").asText()).isNotBlank();
        assertThat(pod.server.releases().list()).isEmpty();
    }

    @Test
    void load_definitionThatIsNotAWorkflow_answers422() {
        HttpResponse<String> response = pod.load("rel-bad", "broken", "v1", "{\"format\": 1, \"id\": \"broken\"}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).path("error").path("code").asText()).isEqualTo("parse.structure");
    }

    @Test
    void load_workflowIdNotMatchingDefinition_answers422() {
        HttpResponse<String> response = pod.load("rel-1", "other", "v1", TestWorkflows.greeter("greeter"));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).path("error").path("code").asText()).isEqualTo("release.workflow-mismatch");
    }

    @Test
    void run_loadedRelease_answersWorkflowResultWithIdentificationHeaders() {
        pod.load("rel-1", "greeter", "v1.2.0", TestWorkflows.greeter("greeter"));

        HttpResponse<String> response = pod.run("rel-1", "{\"name\": \"Ada\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("greeting").asText()).isEqualTo("hello Ada");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("X-Workflow-Version")).hasValue("v1.2.0");
        assertThat(response.headers().firstValue("X-Release-Id")).hasValue("rel-1");
        assertThat(response.headers().firstValue("X-Execution-Id")).hasValueSatisfying(id -> assertThat(id).hasSizeGreaterThanOrEqualTo(8));
        assertThat(json(pod.get("/releases")).path("releases").get(0).path("executions").asLong()).isEqualTo(1);
    }

    @Test
    void run_executionIdFromGateway_isKept() {
        pod.load("rel-1", "greeter", "v1", TestWorkflows.greeter("greeter"));

        HttpResponse<String> response = pod.send(pod.request("/run/rel-1").header("X-Execution-Id", "gw-exec-12345678")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Bo\"}")).build());

        assertThat(response.headers().firstValue("X-Execution-Id")).hasValue("gw-exec-12345678");
    }

    @Test
    void run_gatewayHeaders_showQueryHeadersOriginalPathAndHostButNeverTheTokenOrInternalHeaders() {
        pod.load("rel-echo", "echo", "v1", TestWorkflows.requestEcho("echo"));

        HttpResponse<String> response = pod.send(pod.request("/run/rel-echo?q=42&q=43")
                .header("X-Custom", "yes")
                .header("X-Wfp-Path", "/w/alice/shop/echo")
                .header("X-Wfp-Host", "shop.example.com")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode seen = json(response);
        assertThat(seen.path("q").isArray()).as("a repeated parameter arrives as a list: %s", seen).isTrue();
        assertThat(seen.path("q").get(0).asText()).isEqualTo("42");
        assertThat(seen.path("q").get(1).asText()).isEqualTo("43");
        assertThat(seen.path("host").asText()).isEqualTo("shop.example.com");
        assertThat(seen.path("custom").asText()).isEqualTo("yes");
        assertThat(seen.path("path").asText()).isEqualTo("/w/alice/shop/echo");
        assertThat(seen.path("method").asText()).isEqualTo("POST");
        assertThat(seen.has("auth")).isFalse();
        assertThat(seen.has("internal")).isFalse();
        assertThat(response.body()).doesNotContain(RunningPod.TOKEN);
    }

    @Test
    void run_bodyOverTheLimit_answers413() {
        pod.load("rel-1", "greeter", "v1", TestWorkflows.greeter("greeter"));
        String huge = "{\"name\": \"" + "x".repeat(PodSettings.defaults(RunningPod.TOKEN).maxBodyBytes()) + "\"}";

        HttpResponse<String> response = pod.run("rel-1", huge);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).path("error").path("code").asText()).isEqualTo("request.too-large");
        assertThat(pod.server.releases().require("rel-1").executions().sum()).isZero();
    }

    @Test
    void run_invalidJson_answers400WithLineAndColumn() {
        pod.load("rel-1", "greeter", "v1", TestWorkflows.greeter("greeter"));

        HttpResponse<String> response = pod.run("rel-1", "{\n  \"name\": \"Ada\",\n  oops\n}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo("request.invalid-json");
        assertThat(error.path("message").asText()).contains("line 3").contains("column");
        assertThat(error.path("hint").asText()).isNotBlank();
    }

    @Test
    void run_emptyBody_runsWithNullInput() {
        pod.load("rel-1", "sleeper", "v1", TestWorkflows.sleeper("sleeper", 1));

        HttpResponse<String> response = pod.send(pod.request("/run/rel-1").POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("slept").asBoolean()).isTrue();
    }

    @Test
    void run_unknownRelease_answers404NamingIt() {
        HttpResponse<String> response = pod.run("rel-missing", "{}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("error").path("code").asText()).isEqualTo("release.not-loaded");
        assertThat(json(response).path("error").path("message").asText()).contains("rel-missing");
    }

    @Test
    void run_withoutToken_answers401() {
        pod.load("rel-1", "greeter", "v1", TestWorkflows.greeter("greeter"));

        HttpResponse<String> response = pod.send(HttpRequest.newBuilder(pod.uri("/run/rel-1"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(pod.server.releases().require("rel-1").executions().sum()).isZero();
    }

    @Test
    void run_failingWorkflow_answersItsStatus() {
        pod.load("rel-f", "failing", "v1", TestWorkflows.failing("failing"));

        HttpResponse<String> response = pod.run("rel-f", "{}");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("X-Release-Id")).hasValue("rel-f");
    }

    @Test
    void unknownRoute_answers404WithJsonError() {
        HttpResponse<String> response = pod.get("/nope");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("error").path("code").asText()).isEqualTo("pod.route-not-found");
    }

    @Test
    void run_manyConcurrentClients_allSucceedAndAreCounted() throws Exception {
        pod.load("rel-1", "greeter", "v1", TestWorkflows.greeter("greeter"));
        int clients = 16;
        int perClient = 40;
        List<Future<List<Integer>>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                results.add(threads.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < perClient; i++) {
                        HttpResponse<String> response = pod.run("rel-1", "{\"name\": \"c" + client + "-" + i + "\"}");
                        statuses.add(response.statusCode());
                        assertThat(json(response).path("greeting").asText()).isEqualTo("hello c" + client + "-" + i);
                    }
                    return statuses;
                }));
            }
            for (Future<List<Integer>> result : results) {
                assertThat(result.get()).containsOnly(200);
            }
        }
        assertThat(pod.server.releases().require("rel-1").executions().sum()).isEqualTo((long) clients * perClient);
        pod.logs.awaitCount(line -> "execution".equals(line.path("event").asText()), clients * perClient,
                java.time.Duration.ofSeconds(10));
    }
}
