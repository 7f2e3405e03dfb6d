package com.wfp.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.adapters.pod.LoadRequest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Secrets handed over with a release: read by that release alone, replaced by its next load. */
class ReleaseSecretsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String comparing(String workflowId) {
        return """
                {"format": 1, "id": "%s", "credentials": [{"name": "crm", "type": "bearer"}],
                 "nodes": [
                   {"id": "in", "type": "trigger.http", "config": {"method": "POST", "auth": "apiKey"}},
                   {"id": "shape", "type": "transform", "config": {"expression": "{ 'same': $secret('crm') = input.guess }"}},
                   {"id": "out", "type": "respond", "config": {"status": 200, "body": "nodes.shape"}}
                 ],
                 "edges": [{"from": "in", "to": "shape"}, {"from": "shape", "to": "out"}]}
                """.formatted(workflowId);
    }

    private static HttpResponse<String> load(RunningPod pod, String releaseId, String workflowId,
                                             Map<String, String> secrets) throws Exception {
        LoadRequest load = new LoadRequest(workflowId, "v1", JSON.readTree(comparing(workflowId)), secrets);
        return pod.send(pod.request("/releases/" + releaseId)
                .PUT(HttpRequest.BodyPublishers.ofString(load.toJson(JSON).toString())).build());
    }

    private static JsonNode guess(RunningPod pod, String releaseId, String guess) {
        return RunningPod.json(pod.run(releaseId, "{\"guess\": \"" + guess + "\"}"));
    }

    @Test
    void run_readsTheSecretsLoadedWithItsOwnReleaseOnly() throws Exception {
        try (RunningPod pod = new RunningPod()) {
            assertThat(load(pod, "rel-a", "orders", Map.of("crm", "alpha-7731")).statusCode()).isEqualTo(200);
            assertThat(load(pod, "rel-b", "invoices", Map.of()).statusCode()).isEqualTo(200);

            assertThat(guess(pod, "rel-a", "alpha-7731").path("same").asBoolean()).isTrue();
            assertThat(guess(pod, "rel-a", "wrong").path("same").asBoolean()).isFalse();
            HttpResponse<String> other = pod.run("rel-b", "{\"guess\": \"alpha-7731\"}");
            assertThat(other.statusCode()).as(other.body()).isEqualTo(500);
            assertThat(other.body()).doesNotContain("alpha-7731");
        }
    }

    @Test
    void load_again_replacesTheReleasesSecrets() throws Exception {
        try (RunningPod pod = new RunningPod()) {
            load(pod, "rel-a", "orders", Map.of("crm", "first-value"));
            HttpResponse<String> again = load(pod, "rel-a", "orders", Map.of("crm", "second-value"));

            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).doesNotContain("second-value");
            assertThat(guess(pod, "rel-a", "second-value").path("same").asBoolean()).isTrue();
        }
    }

    @Test
    void loadRequest_printed_neverShowsAValue() throws Exception {
        LoadRequest load = new LoadRequest("orders", "v1", JSON.readTree(comparing("orders")), Map.of("crm", "alpha-7731"));

        assertThat(load.toString()).doesNotContain("alpha-7731").contains("1 secrets");
        assertThat(LoadRequest.fromJson(load.toJson(JSON)).secrets()).containsExactly(Map.entry("crm", "alpha-7731"));
    }
}
