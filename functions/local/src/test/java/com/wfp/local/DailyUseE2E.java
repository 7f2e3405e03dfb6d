package com.wfp.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI as someone who publishes every day uses it, against the platform started from its jar:
 * drafts saved and shown, a workflow retired (its URLs answer 410 with the reason, its releases stay,
 * a publish brings it back), and a destructive command refused in a script without {@code --yes}.
 */
class DailyUseE2E {

    @RegisterExtension
    static final StartedPlatform PLATFORM = StartedPlatform.withDataDirectoryPrefix("wfp-daily-e2e-");

    private static String workflow(String id, String word) {
        return """
                {"format": 1, "id": "%s",
                 "nodes": [
                   {"id": "in", "type": "trigger.http", "config": {"method": "POST", "auth": "none"}},
                   {"id": "out", "type": "respond", "config": {"status": 200, "body": "{ 'word': '%s' }"}}
                 ],
                 "edges": [{"from": "in", "to": "out"}]}
                """.formatted(id, word);
    }

    @Test
    void drafts_savedFromAFile_areShownWithTheirDocumentAndWhetherTheyDifferFromLive() throws Exception {
        Path file = PLATFORM.dataDir().resolve("notes-draft.json");
        Files.writeString(file, workflow("notes", "draft"));

        String saved = PLATFORM.cli(0, "drafts", "save", file.toString());
        assertThat(saved).contains("Saved the draft of local/default/notes").contains("differs from the live release");

        String shown = PLATFORM.cli(0, "drafts", "show", "notes");
        assertThat(shown).contains("Draft of local/default/notes, saved by admin")
                .contains("differs from the live release").contains("\"id\" : \"notes\"").contains("'draft'");

        PLATFORM.api().publish("local/default/notes", "v1", workflow("notes", "draft"), "all");
        String json = PLATFORM.cli(0, "drafts", "show", "local/default/notes", "--json");
        JsonNode draft = ControlApi.json(json.substring(json.indexOf('{')));
        assertThat(draft.path("differsFromLive").asBoolean()).as(json).isFalse();
        assertThat(draft.path("definition").path("id").asText()).isEqualTo("notes");

        assertThat(PLATFORM.cli(1, "drafts", "show", "never-saved")).contains("not-found");
    }

    @Test
    void destructiveCommand_inAScriptWithoutYes_isRefusedAndChangesNothing() throws Exception {
        PLATFORM.api().publish("local/default/keepme", "v1", workflow("keepme", "one"), "all");
        PLATFORM.api().publish("local/default/keepme", "v2", workflow("keepme", "two"), "all");

        String refused = PLATFORM.cli(2, "rollback", "keepme");

        assertThat(refused).contains("not a terminal").contains("--yes");
        JsonNode traffic = ControlApi.json(PLATFORM.api().send("GET", "/api/v1/workflows/local/default/keepme/traffic", null).body());
        assertThat(traffic.path("weights").get(0).path("version").asText()).isEqualTo("v2");
        assertThat(traffic.path("weights").get(0).path("percent").asInt()).isEqualTo(100);
    }

    private static HttpResponse<String> call(String path, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(PLATFORM.api().httpsUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (apiKey != null) {
            request.header("X-Api-Key", apiKey);
        }
        return PLATFORM.api().client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void retire_answers410WithTheReasonOnEveryUrlKeepsTheReleasesAndIsUndoneByAPublish() throws Exception {
        PLATFORM.api().publish("local/default/gone", "v1", workflow("gone", "one"), "all");
        PLATFORM.api().publish("local/default/gone", "v2", workflow("gone", "two"), "all");
        assertThat(call("/w/local/default/gone", null).statusCode()).isEqualTo(200);

        String retired = PLATFORM.cli(0, "retire", "gone", "--reason", "moved to /w/local/default/orders", "--yes");
        assertThat(retired).contains("Retired local/default/gone").contains("410 Gone")
                .contains("moved to /w/local/default/orders");

        for (String path : java.util.List.of("/w/local/default/gone", "/w/local/default/gone/v/v1",
                "/w/local/default/gone/v/v2")) {
            HttpResponse<String> gone = call(path, null);
            assertThat(gone.statusCode()).as(path + ": " + gone.body()).isEqualTo(410);
            assertThat(gone.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            JsonNode error = ControlApi.json(gone.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("workflow.retired");
            assertThat(error.path("message").asText()).contains("moved to /w/local/default/orders");
            assertThat(error.path("hint").asText()).isNotBlank();
        }
        assertThat(PLATFORM.cli(0, "releases", "gone")).contains("v1").contains("v2");
        assertThat(PLATFORM.cli(0, "history", "gone")).contains("retire the workflow").contains("moved to /w/local/default/orders");
        JsonNode audit = ControlApi.json(PLATFORM.api().send("GET", "/api/v1/audit?action=retire", null).body());
        assertThat(audit.path("records").toString()).contains("/api/v1/workflows/local/default/gone/retire")
                .contains("allowed");

        PLATFORM.api().publish("local/default/gone", "v3", workflow("gone", "three"), "all");

        HttpResponse<String> back = call("/w/local/default/gone", null);
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(back.body()).contains("three");
        assertThat(call("/w/local/default/gone/v/v1", null).statusCode()).isEqualTo(200);
    }

    @Test
    void retire_ofAWorkflowThatAsksForAKey_stillAsksCallersWithoutOneForTheKeyFirst() throws Exception {
        String keyed = workflow("keyed", "one").replace("\"auth\": \"none\"", "\"auth\": \"apiKey\"");
        PLATFORM.api().publish("local/default/keyed", "v1", keyed, "all");
        String key = PLATFORM.api().createKey("local/default");
        HttpResponse<String> retired = PLATFORM.api().send("POST", "/api/v1/workflows/local/default/keyed/retire", "{}");
        assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);

        assertThat(call("/w/local/default/keyed", null).statusCode()).isEqualTo(401);
        HttpResponse<String> withKey = call("/w/local/default/keyed", key);
        assertThat(withKey.statusCode()).as(withKey.body()).isEqualTo(410);
        assertThat(withKey.body()).contains("retired by its owner");
    }

    @Test
    void workflows_listTheProjectsWorkflowsWithLiveVersionTrafficStateAndHealthAndNoOtherProjects() throws Exception {
        PLATFORM.api().publish("local/fleet/alpha", "v1", workflow("alpha", "one"), "all");
        PLATFORM.api().publish("local/fleet/alpha", "v2", workflow("alpha", "two"), "canary:10");
        PLATFORM.api().publish("local/fleet/beta", "v1", workflow("beta", "one"), "all");
        PLATFORM.api().send("POST", "/api/v1/workflows/local/fleet/beta/retire", "{\"reason\": \"merged into alpha\"}");
        PLATFORM.api().publish("local/elsewhere/gamma", "v1", workflow("gamma", "one"), "all");

        String table = PLATFORM.cli(0, "workflows", "--project", "fleet");

        assertThat(table).containsPattern("local/fleet/alpha +serving +v1 +v2 10%, v1 90% +(idle|healthy)")
                .containsPattern("local/fleet/beta +retired: merged into alpha +- +- ")
                .doesNotContain("gamma");
        String json = PLATFORM.cli(0, "workflows", "--project", "local/fleet", "--json");
        JsonNode rows = ControlApi.json(json.substring(json.indexOf('{'))).path("workflows");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).path("liveVersion").asText()).isEqualTo("v1");
        assertThat(rows.get(0).path("traffic").get(0).path("percent").asInt()).isEqualTo(10);
        assertThat(rows.get(0).path("health").path("state").asText()).isIn("idle", "healthy");
        assertThat(rows.get(1).path("state").asText()).isEqualTo("retired");
        assertThat(rows.get(1).path("liveVersion").isNull()).isTrue();
    }

    @Test
    void deployments_listTheWorkflowsPublishesNewestFirstWithTheReasonOneFailed() throws Exception {
        PLATFORM.api().publish("local/default/shipped", "v1", workflow("shipped", "one"), "all");
        HttpResponse<String> taken = PLATFORM.api().send("POST", "/api/v1/workflows/local/default/shipped/releases",
                "{\"version\": \"v1\", \"definition\": " + workflow("shipped", "two") + "}");
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(409);

        String table = PLATFORM.cli(0, "deployments", "shipped");

        assertThat(table.lines().filter(line -> line.startsWith("dep"))).hasSize(2);
        assertThat(table).containsPattern("v1 +all +failed +validate +admin .*release.version-exists")
                .containsPattern("v1 +all +succeeded +done +admin +\\S+ +\\S+");
        assertThat(table.indexOf("failed")).isLessThan(table.indexOf("succeeded"));
        String json = PLATFORM.cli(0, "deployments", "local/default/shipped", "--limit", "1", "--json");
        JsonNode rows = ControlApi.json(json.substring(json.indexOf('{'))).path("deployments");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).path("failure").path("code").asText()).isEqualTo("release.version-exists");
        assertThat(PLATFORM.cli(2, "deployments", "shipped", "--limit", "0")).contains("deployment.invalid-limit").contains("1 to 100");
    }
}
