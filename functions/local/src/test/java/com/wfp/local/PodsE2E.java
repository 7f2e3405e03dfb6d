package com.wfp.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pods as an operator sees them: {@code wfp pods} lists the user's pod with its memory, load and
 * plan; {@code wfp pods set} with {@code --restart} starts it again with a new heap and limits,
 * and the production URL answers from the new process with the same releases.
 */
class PodsE2E {

    private static final String WORKFLOW = "local/default/greeting";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY = Pattern.compile("wfp_live_[0-9A-Za-z]{38}");

    @RegisterExtension
    static final StartedPlatform PLATFORM = StartedPlatform.withDataDirectoryPrefix("wfp-pods-e2e-");

    @BeforeAll
    static void startPlatform() throws Exception {
        PLATFORM.publishSample(WORKFLOW, "v1.0.0", "greeting.json");
    }

    @Test
    void podsSetWithRestart_givesThePodItsNewPlanAndKeepsServingTheSameReleases() throws Exception {
        String table = PLATFORM.cli(0, "pods");
        assertThat(table).contains("USER", "MEMORY", "IN FLIGHT", "HEAP").containsPattern("local +production +ready");

        JsonNode before = production(JSON.readTree(jsonOf(PLATFORM.cli(0, "pods", "--json"))));
        assertThat(before.path("memoryBytes").asLong()).isGreaterThan(10L << 20);
        assertThat(before.path("releases")).hasSize(1);

        String changed = PLATFORM.cli(0, "pods", "set", "local", "--heap-mb", "200", "--concurrency", "4", "--queue", "8",
                "--cpus", "1", "--restart");
        assertThat(changed).contains("200 MiB heap, 1 cpus, 4 at once, 8 queued");

        JsonNode after = production(JSON.readTree(jsonOf(PLATFORM.cli(0, "pods", "--json"))));
        assertThat(after.path("pid").asLong()).isNotEqualTo(before.path("pid").asLong());
        assertThat(after.path("plan").path("heapMb").asInt()).isEqualTo(200);
        assertThat(after.path("plan").path("maxConcurrency").asInt()).isEqualTo(4);
        assertThat(after.path("planPending").asBoolean()).isFalse();
        assertThat(ProcessHandle.of(after.path("pid").asLong()).flatMap(p -> p.info().commandLine()).orElse(""))
                .contains("-Xmx200m", "--max-concurrency=4", "--queue-size=8");

        Matcher key = KEY.matcher(PLATFORM.cli(0, "keys", "create", "--project", "local/default", "--name", "pods e2e"));
        assertThat(key.find()).isTrue();
        HttpResponse<String> answer = PLATFORM.api().client().send(HttpRequest.newBuilder(URI.create(PLATFORM.api().httpsUrl() + "/w/" + WORKFLOW))
                .header("Content-Type", "application/json").header("X-Api-Key", key.group()).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Workflow-Version")).hasValue("v1.0.0");
    }

    @Test
    void podsSet_whenAValueIsOutsideThePlansLimits_isRefusedSayingTheRangeAndChangesNothing() throws Exception {
        JsonNode before = production(JSON.readTree(jsonOf(PLATFORM.cli(0, "pods", "--json"))));

        String refused = PLATFORM.cli(2, "pods", "set", "local", "--heap-mb", "10");

        assertThat(refused).contains("pod.plan-invalid").contains("between 64 and 16384");
        JsonNode after = production(JSON.readTree(jsonOf(PLATFORM.cli(0, "pods", "--json"))));
        assertThat(after.path("plan")).isEqualTo(before.path("plan"));
        assertThat(after.path("pid").asLong()).isEqualTo(before.path("pid").asLong());
    }

    private static JsonNode production(JsonNode pods) {
        for (JsonNode pod : pods.path("pods")) {
            if (pod.path("user").asText().equals("local") && pod.path("kind").asText().equals("production")) {
                return pod;
            }
        }
        throw new AssertionError("no production pod of local in " + pods);
    }

    private static String jsonOf(String transcript) {
        return transcript.substring(transcript.indexOf('{'), transcript.lastIndexOf('}') + 1);
    }

}
