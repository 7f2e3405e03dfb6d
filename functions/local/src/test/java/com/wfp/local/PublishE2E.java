package com.wfp.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ReportJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Publishing to production as a user does it: the platform started from the shaded jar, the
 * {@code wfp publish} CLI as a second process, then the production URLs called over HTTPS.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublishE2E {

    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);
    private static final String WORKFLOW = "local/default/greeting";

    private static String httpsUrl;
    private static String token;
    private static HttpClient client;
    private static Path changedGreeting;
    /** The greeting's trigger says "auth": "apiKey": production calls carry a key of the project. */
    private static String apiKey;

    @RegisterExtension
    static final StartedPlatform PLATFORM = StartedPlatform.withDataDirectoryPrefix("wfp-publish-e2e-");

    @BeforeAll
    static void startPlatform() throws Exception {
        assertThat(PLATFORM.process().output().getLast()).isEqualTo(LocalPlatform.READY_LINE);
        httpsUrl = PLATFORM.process().httpsUrl();
        token = PLATFORM.process().adminToken();
        client = TlsTestClients.client(TlsTestClients.trustingDataDir(PLATFORM.dataDir()));
        apiKey = PLATFORM.api().createKey("local/default");
        String changed = Files.readString(sample()).replace("'Hello, '", "'Welcome, '");
        assertThat(changed).contains("Welcome");
        changedGreeting = Files.writeString(PLATFORM.dataDir().resolve("greeting-v1.1.json"), changed);
    }

    private static Path sample() {
        return StartedPlatform.sample("greeting.json");
    }

    @Test
    @Order(1)
    void publish_firstVersion_printsEachStepAndTheProductionUrlThatAnswers() throws Exception {
        Cli run = cli("publish", sample().toString(), "--version", "v1.0.0", "--notes", "first greeting");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("validate ok", "ensure_pod ok", "load ok", "health_check ok", "route ok")
                // Not a terminal: plain lines, each step with the share done and the platform's estimate.
                .containsPattern("ensure_pod \\.\\.\\.  \\([0-9]{1,2}%, about [0-9.]+ m?s left \\(cold pod\\)\\)")
                .contains("Production URL: " + httpsUrl + "/w/" + WORKFLOW)
                .contains("Pinned URL: " + httpsUrl + "/w/" + WORKFLOW + "/v/v1.0.0");

        HttpResponse<String> answer = call("/w/" + WORKFLOW, "{\"name\":\"Grace\"}");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json(answer.body()).path("greeting").asText()).isEqualTo("Hello, Grace!");
        assertThat(answer.headers().firstValue("X-Workflow-Version")).contains("v1.0.0");
        assertThat(answer.headers().firstValue("X-Release-Id")).hasValueSatisfying(id -> assertThat(id).startsWith("rel-"));
    }

    @Test
    @Order(2)
    void publish_changedVersionToAllTraffic_routesToItWhileBothPinnedUrlsServeTheirOwnRelease() throws Exception {
        Cli run = cli("publish", changedGreeting.toString(), "--version", "v1.1.0", "--strategy", "all",
                "--workflow", WORKFLOW);
        assertThat(run.exitCode()).as(run.output()).isZero();

        HttpResponse<String> routed = call("/w/" + WORKFLOW, "{\"name\":\"Linus\"}");
        assertThat(routed.headers().firstValue("X-Workflow-Version")).contains("v1.1.0");
        assertThat(json(routed.body()).path("greeting").asText()).isEqualTo("Welcome, Linus!");
        HttpResponse<String> old = call("/w/" + WORKFLOW + "/v/v1.0.0", "{\"name\":\"Ada\"}");
        assertThat(old.headers().firstValue("X-Workflow-Version")).contains("v1.0.0");
        assertThat(json(old.body()).path("greeting").asText()).isEqualTo("Hello, Ada!");
        HttpResponse<String> current = call("/w/" + WORKFLOW + "/v/v1.1.0", "{\"name\":\"Ada\"}");
        assertThat(current.headers().firstValue("X-Workflow-Version")).contains("v1.1.0");
        assertThat(json(current.body()).path("greeting").asText()).isEqualTo("Welcome, Ada!");
    }

    @Test
    @Order(3)
    void releases_afterTwoPublishes_listsTheNewOneLiveAndTheOldOneRetired() throws Exception {
        Cli run = cli("releases", WORKFLOW, "--json");
        assertThat(run.exitCode()).as(run.output()).isZero();
        JsonNode listing = json(run.output().substring(run.output().indexOf('{')));

        List<JsonNode> entries = List.copyOf(listing.path("entries").valueStream().toList());
        assertThat(entries).extracting(e -> e.path("version").asText()).containsExactly("v1.1.0", "v1.0.0");
        assertThat(entries).extracting(e -> e.path("state").asText()).containsExactly("live", "retired");
        assertThat(entries).extracting(e -> e.path("trafficPercent").asInt()).containsExactly(100, 0);
        assertThat(entries.get(1).path("notes").asText()).isEqualTo("first greeting");
        assertThat(listing.path("suggestedVersion").asText()).isEqualTo("v1.1.1");
        assertThat(listing.path("productionUrl").asText()).isEqualTo(httpsUrl + "/w/" + WORKFLOW);
    }

    @Test
    @Order(4)
    void publish_versionThatExists_failsWith409NamingItAndSuggestingTheNext() throws Exception {
        Cli run = cli("publish", sample().toString(), "--version", "v1.0.0");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("'v1.0.0' already exists").contains("v1.1.1").contains("release.version-exists");
        HttpResponse<String> api = control("POST", "/api/v1/workflows/" + WORKFLOW + "/releases",
                "{\"version\":\"v1.0.0\",\"definition\":" + Files.readString(sample()) + "}");
        assertThat(api.statusCode()).isEqualTo(409);
        assertThat(json(api.body()).path("error").path("message").asText()).contains("v1.0.0").contains("v1.1.1");
    }

    @Test
    @Order(5)
    void draftRun_runsInTheDebugPodWhosePidDiffersFromTheProductionPod() throws Exception {
        List<Long> productionPods = PLATFORM.process().process().toHandle().children().map(ProcessHandle::pid).toList();
        assertThat(productionPods).hasSize(1);

        ObjectNode body = ReportJson.mapper().createObjectNode();
        body.set("definition", json(Files.readString(changedGreeting)).deepCopy());
        body.putObject("input").put("name", "Draft");
        HttpResponse<String> run = control("POST", "/api/v1/workflows/" + WORKFLOW + "/draft/run",
                ReportJson.write(body));

        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        JsonNode result = json(run.body());
        assertThat(result.path("body").path("greeting").asText()).isEqualTo("Welcome, Draft!");
        assertThat(result.path("trace").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.path("pod").path("kind").asText()).isEqualTo("debug");
        long debugPid = result.path("pod").path("pid").asLong();
        assertThat(debugPid).isNotIn(productionPods);
        assertThat(PLATFORM.process().process().toHandle().children().map(ProcessHandle::pid)).contains(debugPid);
    }

    @Test
    @Order(6)
    void productionUrl_unknownWorkflowOrVersion_is404NamingWhatIsMissing() throws Exception {
        HttpResponse<String> workflow = call("/w/local/default/nothing-here", "{}");
        assertThat(workflow.statusCode()).isEqualTo(404);
        assertThat(workflow.body()).contains("local/default/nothing-here").contains("wfp publish");
        HttpResponse<String> version = call("/w/" + WORKFLOW + "/v/v9.9.9", "{}");
        assertThat(version.statusCode()).isEqualTo(404);
        assertThat(version.body()).contains("v9.9.9").contains("v1.1.0");
    }

    @Test
    @Order(7)
    void publish_whoseExampleFails_printsTheFailedStepTheErrorAndTheHintAndExits1() throws Exception {
        Path approval = StartedPlatform.sample("approval-with-condition.json");

        Cli run = cli("publish", approval.toString(), "--version", "v1.0.0");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("publish failed at step health_check").contains("publish.dry-run-failed")
                .contains("hint: ").contains("publish again as 'v1.0.1'").doesNotContain("Production URL");
        HttpResponse<String> production = call("/w/local/default/approval-with-condition", "{}");
        assertThat(production.statusCode()).isEqualTo(404);

        // The failed release is listed as failed, and no traffic change can route it.
        Cli releases = cli("releases", "approval-with-condition", "--json");
        assertThat(releases.exitCode()).as(releases.output()).isZero();
        assertThat(json(releases.output().substring(releases.output().indexOf('{'))).path("entries").get(0)
                .path("state").asText()).isEqualTo("failed");
        Cli promote = cli("traffic", "approval-with-condition", "--promote", "v1.0.0", "--yes");
        assertThat(promote.exitCode()).as(promote.output()).isNotZero();
        assertThat(promote.output()).contains("release.failed").contains("new version name");
        assertThat(call("/w/local/default/approval-with-condition", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(8)
    void dailyUse_jsonProgressUnchangedDocumentCanaryRollbackAndStagedListing() throws Exception {
        String document = Files.readString(sample()).replace("\"id\": \"greeting\"", "\"id\": \"greeting-ux\"");
        assertThat(document).contains("greeting-ux");
        Path first = Files.writeString(PLATFORM.dataDir().resolve("greeting-ux.json"), document);
        Path changed = Files.writeString(PLATFORM.dataDir().resolve("greeting-ux-2.json"), document.replace("'Hello, '", "'Hi, '"));

        // --json: every status as it arrives, one JSON line each, the pod warm from the publishes before.
        Cli published = cli("publish", first.toString(), "--version", "v1.0.0", "--json");
        assertThat(published.exitCode()).as(published.output()).isZero();
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : published.output().lines().filter(l -> l.startsWith("{")).toList()) {
            lines.add(json(line));
        }
        // A publish to a warm pod can end (tens of milliseconds) before the CLI's first look, so one line is enough.
        assertThat(lines).isNotEmpty();
        assertThat(lines.stream().map(l -> l.path("percentDone").asInt()).toList()).isSorted();
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.has("etaMs")).isTrue();
            assertThat(l.path("podStart").asText()).isEqualTo("warm");
        });
        assertThat(lines.getLast().path("state").asText()).isEqualTo("succeeded");

        // The same document again: refused, not being at a terminal, naming the flag; nothing published.
        Cli unchanged = cli("publish", first.toString(), "--version", "v1.0.1");
        assertThat(unchanged.exitCode()).as(unchanged.output()).isEqualTo(1);
        assertThat(unchanged.output()).contains("publish.unchanged").contains("identical to v1.0.0")
                .contains("--allow-unchanged");
        Cli canary = cli("publish", changed.toString(), "--version", "v1.0.1", "--strategy", "canary:20");
        assertThat(canary.exitCode()).as(canary.output()).isZero();

        // Rollback without --to names its target and why, then restores the release that served before the canary.
        Cli rollback = cli("rollback", "greeting-ux", "--yes");
        assertThat(rollback.exitCode()).as(rollback.output()).isZero();
        assertThat(rollback.output())
                .contains("Rolling back local/default/greeting-ux to v1.0.0: v1.0.0 is the release that served before the last change")
                .contains("publish v1.0.1 (canary:20)")
                .contains("v1.0.1 -> v1.0.0");
        Cli traffic = cli("traffic", "greeting-ux");
        assertThat(traffic.output()).containsPattern("v1\\.0\\.0 +100% .* serving")
                .containsPattern("v1\\.0\\.1 +0% .* staged");
        for (int i = 0; i < 10; i++) {
            assertThat(call("/w/local/default/greeting-ux", "{\"name\":\"Ada\"}").headers()
                    .firstValue("X-Workflow-Version")).contains("v1.0.0");
        }

        // Play without input runs the trigger's example, as the API document says.
        ObjectNode body = ReportJson.mapper().createObjectNode();
        body.set("definition", json(document));
        HttpResponse<String> play = control("POST", "/api/v1/workflows/local/default/greeting-ux/draft/run",
                ReportJson.write(body));
        assertThat(play.statusCode()).as(play.body()).isEqualTo(200);
        assertThat(json(play.body()).path("body").path("greeting").asText()).isEqualTo("Hello, Ada!");
    }

    private record Cli(int exitCode, String output) {
    }

    private static Cli cli(String... args) throws Exception {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = httpsUrl;
        all[args.length + 2] = "--data";
        all[args.length + 3] = PLATFORM.dataDir().toString();
        try (PlatformProcess process = PlatformProcess.start(all)) {
            if (!process.awaitExit(CLI_TIMEOUT)) {
                fail("wfp " + String.join(" ", args) + " did not end within " + CLI_TIMEOUT.toSeconds() + " s:\n"
                        + process.transcript());
            }
            return new Cli(process.process().exitValue(), process.transcript());
        }
    }

    private static HttpResponse<String> call(String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(httpsUrl + path))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> control(String method, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(httpsUrl + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String text) throws Exception {
        return ReportJson.mapper().readTree(text);
    }
}
