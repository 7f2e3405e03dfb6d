package com.wfp.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * API keys as a user lives with them: the platform started from its jar, a workflow whose trigger
 * says {@code "auth": "apiKey"} published, a key made with {@code wfp keys create}, the production
 * URL called with and without it, the key revoked with {@code wfp keys revoke} and refused on the
 * next call; and the key itself found nowhere in the data directory (database, WAL) or the
 * platform's output.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiKeysE2E {

    private static final String WORKFLOW = "local/default/greeting";
    private static final Pattern KEY = Pattern.compile("wfp_(live|test)_[0-9A-Za-z]{38}");

    @RegisterExtension
    static final StartedPlatform PLATFORM = StartedPlatform.withDataDirectoryPrefix("wfp-keys-e2e-");

    @BeforeAll
    static void startPlatform() throws Exception {
        PLATFORM.publishSample(WORKFLOW, "v1.0.0", "greeting.json");
    }

    @Test
    @Order(1)
    void keyLifecycle_createCallRevokeCall_refusesTheRevokedKeyAndLeavesNoPlaintextBehind() throws Exception {
        assertThat(call(null).statusCode()).isEqualTo(401);

        String created = PLATFORM.cli(0, "keys", "create", "--project", "local/default", "--workflow", "greeting",
                "--name", "orders CI", "--expires", "30d");
        Matcher found = KEY.matcher(created);
        assertThat(found.find()).as(created).isTrue();
        String key = found.group();
        assertThat(created).contains("shown this once");

        HttpResponse<String> served = call(key);
        assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
        assertThat(served.body()).contains("Hello, Ada!");

        String listed = PLATFORM.cli(0, "keys", "list", "--project", "local/default", "--json");
        JsonNode keys = ControlApi.json(listed.substring(listed.indexOf('{'))).path("keys");
        assertThat(keys).hasSize(1);
        String id = keys.get(0).path("id").asText();
        assertThat(keys.get(0).path("lastUsedAt").isNull()).isFalse();
        assertThat(listed).doesNotContain(key);

        String revoked = PLATFORM.cli(0, "keys", "revoke", id, "--project", "local/default", "--yes");
        assertThat(revoked).contains("Revoked " + id);

        HttpResponse<String> refused = call(key);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("auth.key-revoked").doesNotContain(key);

        assertThat(PLATFORM.cli(1, "keys", "revoke", "key_AAAAAAAAAAAAAAAA", "--project", "local/other", "--yes"))
                .contains("key.not-found");

        JsonNode audit = ControlApi.json(jsonOf(PLATFORM.cli(0, "audit", "--json"))).path("records");
        assertThat(audit).anySatisfy(r -> {
            assertThat(r.path("action").asText()).isEqualTo("POST /api/v1/projects/{user}/{project}/keys");
            assertThat(r.path("principal").asText()).isEqualTo("admin");
            assertThat(r.path("outcome").asText()).isEqualTo("allowed");
        });
        assertThat(audit).anySatisfy(r -> {
            assertThat(r.path("action").asText()).isEqualTo("invoke");
            assertThat(r.path("principal").asText()).isEqualTo(id);
            assertThat(r.path("code").asText()).isEqualTo("401 auth.key-revoked");
        });
        assertThat(PLATFORM.cli(0, "audit", "verify")).contains("audit trail intact");

        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(PLATFORM.dataDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (contains(Files.readAllBytes(file), key)) {
                    leaks.add(file.toString());
                }
            }
        }
        assertThat(leaks).as("files holding the key in plain text").isEmpty();
        assertThat(PLATFORM.process().transcript()).doesNotContain(key);
    }

    @Test
    @Order(2)
    void auditVerify_afterSomeoneEditsTheDatabaseFile_exits1NamingTheRecord() throws Exception {
        assertThat(call(null).statusCode()).isEqualTo(401);
        assertThat(PLATFORM.cli(0, "audit", "verify")).contains("intact");

        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + PLATFORM.dataDir().resolve("wfp.db"));
             Statement s = raw.createStatement()) {
            s.execute("DROP TRIGGER audit_log_is_append_only");
            s.execute("UPDATE audit_log SET principal = 'someone-else' WHERE seq = 1");
        }

        assertThat(PLATFORM.cli(1, "audit", "verify")).contains("BROKEN at record aud_000000000001").contains("edited");
    }

    private static String jsonOf(String transcript) {
        return transcript.substring(transcript.indexOf('{'), transcript.lastIndexOf('}') + 1);
    }

    private static boolean contains(byte[] content, String text) {
        return new String(content, StandardCharsets.ISO_8859_1).contains(text);
    }

    private static HttpResponse<String> call(String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(PLATFORM.api().httpsUrl() + "/w/" + WORKFLOW))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}"));
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        return PLATFORM.api().client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
