package com.wfp.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI as someone who publishes every day uses it, against the platform started from its jar:
 * drafts saved and shown, and a destructive command refused in a script without {@code --yes}.
 */
class DailyUseE2E {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private static Path dataDir;
    private static PlatformProcess platform;
    private static ControlApi api;

    @RegisterExtension
    static final PlatformTranscriptOnFailure PRINT_PLATFORM_OUTPUT_ON_FAILURE =
            new PlatformTranscriptOnFailure(() -> platform);

    @BeforeAll
    static void startPlatform() throws Exception {
        TlsTestClients.allowLegacyProtocolsInThisJvm();
        dataDir = Files.createTempDirectory("wfp-daily-e2e-");
        platform = PlatformProcess.startReady(START_TIMEOUT, "start", "--port", "0", "--http-port", "-1",
                "--data", dataDir.toString());
        api = ControlApi.of(platform, dataDir);
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        if (platform != null) {
            platform.stop(Duration.ofSeconds(30));
            platform.close();
        }
    }

    private static String cli(int expectedExit, String... args) throws InterruptedException {
        return PlatformProcess.cli(api.httpsUrl(), dataDir, expectedExit, args);
    }

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
        Path file = dataDir.resolve("notes-draft.json");
        Files.writeString(file, workflow("notes", "draft"));

        String saved = cli(0, "drafts", "save", file.toString());
        assertThat(saved).contains("Saved the draft of local/default/notes").contains("differs from the live release");

        String shown = cli(0, "drafts", "show", "notes");
        assertThat(shown).contains("Draft of local/default/notes, saved by admin")
                .contains("differs from the live release").contains("\"id\" : \"notes\"").contains("'draft'");

        api.publish("local/default/notes", "v1", workflow("notes", "draft"), "all");
        String json = cli(0, "drafts", "show", "local/default/notes", "--json");
        JsonNode draft = ControlApi.json(json.substring(json.indexOf('{')));
        assertThat(draft.path("differsFromLive").asBoolean()).as(json).isFalse();
        assertThat(draft.path("definition").path("id").asText()).isEqualTo("notes");

        assertThat(cli(1, "drafts", "show", "never-saved")).contains("not-found");
    }

    @Test
    void destructiveCommand_inAScriptWithoutYes_isRefusedAndChangesNothing() throws Exception {
        api.publish("local/default/keepme", "v1", workflow("keepme", "one"), "all");
        api.publish("local/default/keepme", "v2", workflow("keepme", "two"), "all");

        String refused = cli(2, "rollback", "keepme");

        assertThat(refused).contains("not a terminal").contains("--yes");
        JsonNode traffic = ControlApi.json(api.send("GET", "/api/v1/workflows/local/default/keepme/traffic", null).body());
        assertThat(traffic.path("weights").get(0).path("version").asText()).isEqualTo("v2");
        assertThat(traffic.path("weights").get(0).path("percent").asInt()).isEqualTo(100);
    }
}
