package com.wfp.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People and roles as users live with them: the platform started from its jar creates its first
 * owner and says how to log in; the owner logs in from another directory with {@code wfp login},
 * creates a project and adds a developer and a viewer; the developer may validate and save drafts
 * but not publish, the viewer only reads; history and the audit trail name who did what; a
 * revoked token is refused at once.
 */
class PeopleAndRolesE2E {

    private static final Pattern TOKEN = Pattern.compile("wfp_pat_[0-9A-Za-z]{38}");
    private static final String WORKFLOW = "local/shop/greeting";

    private static ControlApi admin;
    /** Each person's CLI configuration directory, deleted after the tests. */
    private static final List<Path> configDirs = new ArrayList<>();

    @RegisterExtension
    static final StartedPlatform PLATFORM = StartedPlatform.withDataDirectoryPrefix("wfp-people-e2e-");

    @BeforeAll
    static void startPlatform() throws Exception {
        admin = PLATFORM.api();
    }

    @AfterAll
    static void deleteConfigDirectories() throws Exception {
        for (Path config : configDirs) {
            ScratchDirectory.delete(config);
        }
    }

    @Test
    void aTeam_ownerDeveloperViewer_eachDoesWhatTheirRoleAllowsAndNothingMore() throws Exception {
        // The first start: an owner, how to log in, and the admin token never printed whole.
        String banner = PLATFORM.process().transcript();
        Path ownerTokenFile = PLATFORM.dataDir().resolve("owner-token");
        assertThat(banner).contains("created the person 'local', owner of project local/default")
                .contains("wfp login " + admin.httpsUrl() + " --token-file " + ownerTokenFile);
        assertThat(banner).doesNotContain(Files.readString(PLATFORM.dataDir().resolve("admin-token")).strip());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ownerTokenFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(PLATFORM.dataDir()))).isEqualTo("rwx------");

        // The owner logs in; every later command finds the platform through the profile, from any directory.
        Path ownerConfig = ScratchDirectory.create("wfp-owner-config-");
        configDirs.add(ownerConfig);
        ownerConfigDir = ownerConfig;
        assertThat(PlatformProcess.cliWithProfiles(ownerConfig, 0, "login", admin.httpsUrl(), "--token-file",
                ownerTokenFile.toString())).contains("logged in to " + admin.httpsUrl() + " as local (person)")
                .contains("pinned");
        Path profile = ownerConfig.resolve("profiles/default.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(profile))).isEqualTo("rw-------");
        assertThat(owner(0, "projects")).contains("local/default").contains("owner");

        // The administrator adds two people; the owner makes a project and gives them roles.
        String devToken = token(PlatformProcess.cli(admin.httpsUrl(), PLATFORM.dataDir(), 0, "people", "add", "dev"));
        String vicToken = token(PlatformProcess.cli(admin.httpsUrl(), PLATFORM.dataDir(), 0, "people", "add", "vic"));
        assertThat(owner(0, "projects", "create", "shop")).contains("Project local/shop created");
        owner(0, "members", "add", "dev", "--role", "developer", "--project", "local/shop");
        owner(0, "members", "add", "vic", "--role", "viewer", "--project", "local/shop");
        String members = owner(0, "members", "list", "--project", "local/shop", "--json");
        assertThat(ControlApi.json(jsonOf(members)).path("members")).extracting(m -> m.path("person").asText() + ":"
                + m.path("role").asText()).containsExactly("local:owner", "dev:developer", "vic:viewer");

        Path devConfig = login(devToken);
        Path vicConfig = login(vicToken);
        String greeting = PlatformProcess.moduleDir().resolve("../../samples/workflows/valid/greeting.json")
                .normalize().toString();

        // The developer validates and saves a draft, but may not publish.
        HttpClient client = TlsTestClients.client(TlsTestClients.trustingDataDir(PLATFORM.dataDir()));
        String document = Files.readString(Path.of(greeting));
        assertThat(send(client, devToken, "POST", "/api/v1/validate", document).statusCode()).isEqualTo(200);
        assertThat(send(client, devToken, "PUT", "/api/v1/workflows/" + WORKFLOW + "/draft", document).statusCode())
                .isEqualTo(200);
        assertThat(PlatformProcess.cliWithProfiles(devConfig, 1, "publish", greeting, "--version", "v1.0.0",
                "--workflow", WORKFLOW)).contains("auth.forbidden");
        assertThat(PlatformProcess.cliWithProfiles(devConfig, 0, "projects"))
                .contains("local/shop").contains("developer").doesNotContain("local/default");

        // The owner publishes twice and rolls back; history names the owner, with its why escaped.
        owner(0, "publish", greeting, "--version", "v1.0.0", "--workflow", WORKFLOW);
        owner(0, "publish", greeting, "--version", "v1.1.0", "--allow-unchanged",
                "--workflow", WORKFLOW);
        owner(0, "rollback", WORKFLOW, "--why", "bad\nv9 by nobody", "--yes");

        // The viewer reads, and nothing else.
        assertThat(PlatformProcess.cliWithProfiles(vicConfig, 0, "releases", WORKFLOW)).contains("v1.0.0");
        String history = PlatformProcess.cliWithProfiles(vicConfig, 0, "history", WORKFLOW);
        assertThat(history).contains("local").contains("bad\\nv9 by nobody");
        assertThat(PlatformProcess.cliWithProfiles(vicConfig, 1, "rollback", WORKFLOW, "--yes")).contains("auth.forbidden");
        assertThat(PlatformProcess.cliWithProfiles(vicConfig, 1, "members", "add", "vic", "--role", "owner",
                "--project", "local/shop")).contains("auth.forbidden");
        assertThat(send(client, vicToken, "PUT", "/api/v1/workflows/" + WORKFLOW + "/draft", document).statusCode())
                .isEqualTo(403);
        assertThat(PlatformProcess.cliWithProfiles(vicConfig, 1, "releases", "local/default/greeting"))
                .contains("auth.forbidden");

        // The audit trail names each principal and every refusal.
        JsonNode denied = ControlApi.json(jsonOf(PlatformProcess.cli(admin.httpsUrl(), PLATFORM.dataDir(), 0, "audit",
                "--principal", "dev", "--outcome", "denied", "--json"))).path("records");
        assertThat(denied).anySatisfy(r -> {
            assertThat(r.path("action").asText()).isEqualTo("POST /api/v1/workflows/{user}/{project}/{workflow}/releases");
            assertThat(r.path("code").asText()).isEqualTo("403 auth.forbidden");
        });
        assertThat(PlatformProcess.cli(admin.httpsUrl(), PLATFORM.dataDir(), 0, "audit", "--principal", "local",
                "--action", "rollback")).contains("allowed");

        // A revoked token is refused from the next call on.
        JsonNode tokens = ControlApi.json(jsonOf(PlatformProcess.cliWithProfiles(devConfig, 0, "tokens", "list",
                "--json"))).path("tokens");
        assertThat(tokens).hasSize(1);
        PlatformProcess.cliWithProfiles(devConfig, 0, "tokens", "revoke", tokens.get(0).path("id").asText(), "--yes");
        assertThat(PlatformProcess.cliWithProfiles(devConfig, 1, "projects")).contains("auth.token-revoked");
    }

    private static String owner(int expectedExit, String... args) throws Exception {
        return PlatformProcess.cliWithProfiles(ownerConfig(), expectedExit, args);
    }

    private static Path ownerConfigDir;

    private static Path ownerConfig() throws Exception {
        if (ownerConfigDir == null) {
            throw new IllegalStateException("The owner has not logged in yet");
        }
        return ownerConfigDir;
    }

    private static Path login(String token) throws Exception {
        Path config = ScratchDirectory.create("wfp-person-config-");
        configDirs.add(config);
        Path tokenFile = config.resolve("token");
        Files.writeString(tokenFile, token, StandardCharsets.UTF_8);
        PlatformProcess.cliWithProfiles(config, 0, "login", admin.httpsUrl(), "--token-file", tokenFile.toString());
        return config;
    }

    private static String token(String transcript) {
        Matcher found = TOKEN.matcher(transcript);
        assertThat(found.find()).as(transcript).isTrue();
        return found.group();
    }

    private static HttpResponse<String> send(HttpClient client, String token, String method, String path, String body)
            throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(admin.httpsUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String jsonOf(String transcript) {
        return transcript.substring(transcript.indexOf('{'), transcript.lastIndexOf('}') + 1);
    }
}
