package com.wfp.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ReportJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The platform killed with SIGKILL at random points of a publish, round after round, and started
 * again on the same data directory each time: the SQLite file stays intact, every acknowledged
 * release survives, nothing half-made is routed, interrupted deployments end FAILED and the
 * production URL keeps answering with a routed release.
 */
class PublishCrashSafetyE2E {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int ROUNDS = 8;
    private static final long SEED = 0x5EED_C4A5L;
    private static final int MAX_KILL_DELAY_MS = 3_000;
    private static final String USER = "crash";
    private static final String WORKFLOW = USER + "/default/greeting";
    private static final Pattern RELEASE_ID = Pattern.compile("rel-[0-9a-f]+");

    private static final List<PlatformProcess> platforms = new ArrayList<>();
    private static final Set<ProcessHandle> orphanedPods = new LinkedHashSet<>();
    /** Each test's data directory, restarted on again and again, deleted when every platform and pod has ended. */
    private static final List<Path> dataDirs = new ArrayList<>();

    @RegisterExtension
    static final TestWatcher PRINT_PLATFORM_OUTPUT_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            for (int i = 0; i < platforms.size(); i++) {
                System.err.println("---- wfp start output, run " + (i + 1) + " ----");
                System.err.println(platforms.get(i).transcript());
            }
            System.err.println("---- end of wfp start output ----");
        }
    };

    /** What the test saw before a kill, to hold the restarted platform to. */
    private record Publish(String version, String deploymentId, boolean acknowledged, boolean runningAtKill) {
    }

    @AfterAll
    static void killWhatIsLeft() throws Exception {
        for (PlatformProcess platform : platforms) {
            platform.process().toHandle().descendants().forEach(orphanedPods::add);
            platform.close();
        }
        for (ProcessHandle pod : orphanedPods) {
            pod.destroyForcibly();
        }
        // Nothing may still write to a data directory while it is deleted.
        for (PlatformProcess platform : platforms) {
            platform.process().waitFor(30, TimeUnit.SECONDS);
        }
        for (ProcessHandle pod : orphanedPods) {
            pod.onExit().completeOnTimeout(pod, 30, TimeUnit.SECONDS).join();
        }
        for (Path dataDir : dataDirs) {
            ScratchDirectory.delete(dataDir);
        }
    }

    @Test
    void publish_killedAtRandomPointsAndRestarted_keepsTheStoreIntactAndServesOnlyCompleteReleases()
            throws Exception {
        TlsTestClients.allowLegacyProtocolsInThisJvm();
        Path dataDir = ScratchDirectory.create("wfp-crash-e2e-");
        dataDirs.add(dataDir);
        String definition = Files.readString(PlatformProcess.moduleDir()
                .resolve("../../samples/workflows/valid/greeting.json").normalize());
        Random random = new Random(SEED);
        List<Publish> publishes = new ArrayList<>();
        Optional<String> routedBeforeKill = Optional.empty();
        HttpClient client = null;
        int killsWhileRunning = 0;
        List<ProcessHandle> leftBehind = List.of();

        for (int round = 0; round <= ROUNDS; round++) {
            PlatformProcess platform = start(dataDir);
            String httpsUrl = platform.find("^wfp: https\\s+(https://\\S+)").orElseThrow();
            String token = platform.adminToken();
            if (client == null) {
                client = TlsTestClients.client(TlsTestClients.trustingDataDir(dataDir));
            }
            if (apiKey == null) {
                // Keys are kept in the data directory: the one made at the first start works after every kill.
                apiKey = new ControlApi(client, httpsUrl, token).createKey(USER + "/default");
            }
            Api api = new Api(client, httpsUrl, token);

            checkStoreAfterRestart(dataDir, publishes, api);
            if (routedBeforeKill.isPresent()) {
                HttpResponse<String> answer = api.awaitProduction();
                assertThat(answer.statusCode()).as("production URL after restart: %s", answer.body()).isEqualTo(200);
                assertThat(json(answer.body()).path("greeting").asText()).isEqualTo("Hello, Ada!");
                String version = answer.headers().firstValue("X-Workflow-Version").orElseThrow();
                assertThat(succeededVersions(dataDir)).as("version served after restart").contains(version);
            }
            for (ProcessHandle pod : leftBehind) {
                // The restarted platform owns the user's pod again: the one the killed platform left must end.
                assertThat(pod.onExit().completeOnTimeout(pod, 10, java.util.concurrent.TimeUnit.SECONDS).join()
                        .isAlive()).as("pod %d left by the killed platform is still alive", pod.pid()).isFalse();
            }
            if (round == ROUNDS) {
                platform.stop(Duration.ofSeconds(30));
                break;
            }

            if (round == 0) {
                // One release completes before the first kill: the user's pod then runs, and is restored, from here on.
                String first = publish(api, definition, "v0.1.0", "crash-first");
                publishes.add(new Publish("v0.1.0", first, awaitSucceeded(api, first), false));
            }
            String version = "v1." + round + ".0";
            String deploymentId = publish(api, definition, version, "crash-" + round);

            // A warm publish is over in about 100 ms, so a uniform 0..3 s delay would nearly always kill an idle
            // platform: every third round kills within 30 ms of the 202.
            int killDelayMillis = round % 3 == 0 ? random.nextInt(30) : random.nextInt(MAX_KILL_DELAY_MS + 1);
            Thread.sleep(killDelayMillis);
            HttpResponse<String> status = api.send("GET", "/api/v1/deployments/" + deploymentId, null, null);
            String state = json(status.body()).path("state").asText().toUpperCase(java.util.Locale.ROOT);
            HttpResponse<String> production = api.production();
            if (production.statusCode() == 200) {
                routedBeforeKill = production.headers().firstValue("X-Workflow-Version");
            }
            if (state.equals("RUNNING")) {
                killsWhileRunning++;
            }
            publishes.add(new Publish(version, deploymentId, state.equals("SUCCEEDED"), state.equals("RUNNING")));
            System.out.printf("round %d: %s killed after %d ms %s pods, deployment %s was %s, production served %s%n", round,
                    version, killDelayMillis, round % 2 == 0 ? "with its" : "leaving its", deploymentId, state,
                    routedBeforeKill.orElse("nothing"));

            leftBehind = kill(platform, round % 2 == 0);
        }
        assertThat(publishes).as("publishes acknowledged before their kill").anyMatch(Publish::acknowledged);
        assertThat(killsWhileRunning).as("kills that cut a publish off while it ran").isPositive();
    }

    @Test
    void platform_killedWhileANewUsersPodStarts_theRestartedPlatformEndsThatPod() throws Exception {
        TlsTestClients.allowLegacyProtocolsInThisJvm();
        Path dataDir = ScratchDirectory.create("wfp-crash-pod-start-e2e-");
        dataDirs.add(dataDir);
        String definition = Files.readString(PlatformProcess.moduleDir()
                .resolve("../../samples/workflows/valid/greeting.json").normalize());
        PlatformProcess platform = start(dataDir);
        HttpClient client = TlsTestClients.client(TlsTestClients.trustingDataDir(dataDir));
        Api api = new Api(client, platform.find("^wfp: https\\s+(https://\\S+)").orElseThrow(), platform.adminToken());

        String deploymentId = publish(api, definition, "newcomer/default/greeting", "v1.0.0", "newcomer-first");
        // The first publish of a user starts that user's pod: kill the platform the moment its process exists.
        ProcessHandle starting = awaitPodProcess(platform, "newcomer", Duration.ofSeconds(20));
        HttpResponse<String> status = api.send("GET", "/api/v1/deployments/" + deploymentId, null, null);
        List<ProcessHandle> orphans = kill(platform, false);
        System.out.printf("killed the platform while pod %d of a new user started; the deployment was %s%n",
                starting.pid(), json(status.body()).path("currentStep").asText());
        assertThat(orphans).as("the starting pod outlives the killed platform").contains(starting);

        PlatformProcess restarted = start(dataDir);
        Api again = new Api(client, restarted.find("^wfp: https\\s+(https://\\S+)").orElseThrow(), restarted.adminToken());
        assertThat(starting.onExit().completeOnTimeout(starting, 10, java.util.concurrent.TimeUnit.SECONDS).join()
                .isAlive()).as("pod %d left starting by the killed platform", starting.pid()).isFalse();
        HttpResponse<String> interrupted = again.send("GET", "/api/v1/deployments/" + deploymentId, null, null);
        assertThat(interrupted.body()).contains("deployment.interrupted");
        restarted.stop(Duration.ofSeconds(30));
    }

    /** The pod process of {@code user} among the platform's descendants, as soon as it is launched. */
    private static ProcessHandle awaitPodProcess(PlatformProcess platform, String user, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> pod = platform.process().toHandle().descendants()
                    .filter(p -> p.info().commandLine().map(line -> line.contains("--name=" + user)).orElse(false))
                    .findFirst();
            if (pod.isPresent()) {
                return pod.get();
            }
            Thread.sleep(5);
        }
        return fail("no pod process of " + user + " appeared within " + timeout.toSeconds() + " s");
    }

    private static String publish(Api api, String definition, String version, String idempotencyKey)
            throws Exception {
        return publish(api, definition, WORKFLOW, version, idempotencyKey);
    }

    private static String publish(Api api, String definition, String workflow, String version, String idempotencyKey)
            throws Exception {
        ObjectNode body = ReportJson.mapper().createObjectNode();
        body.set("definition", json(definition));
        body.put("version", version).put("notes", "crash test " + version).put("strategy", "all");
        HttpResponse<String> accepted = api.send("POST", "/api/v1/workflows/" + workflow + "/releases",
                ReportJson.write(body), idempotencyKey);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String deploymentId = json(accepted.body()).path("deploymentId").asText();
        assertThat(deploymentId).isNotBlank();
        return deploymentId;
    }

    private static boolean awaitSucceeded(Api api, String deploymentId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> status = api.send("GET", "/api/v1/deployments/" + deploymentId, null, null);
            String state = json(status.body()).path("state").asText();
            if (!state.equals("running")) {
                assertThat(state).as(status.body()).isEqualTo("succeeded");
                return true;
            }
            Thread.sleep(50);
        }
        return fail("deployment " + deploymentId + " still running after 30 s");
    }

    private static PlatformProcess start(Path dataDir) throws InterruptedException {
        PlatformProcess platform = PlatformProcess.start("start", "--port", "0", "--http-port", "-1", "--data",
                dataDir.toString());
        platforms.add(platform);
        if (!platform.awaitReady(START_TIMEOUT)) {
            fail("wfp start (run " + platforms.size() + ") did not get ready within " + START_TIMEOUT.toSeconds()
                    + " s (alive: " + platform.process().isAlive() + "):\n" + platform.transcript());
        }
        return platform;
    }

    /** SIGKILL, as a power cut would stop it; the pods die with it or are left behind as orphans. */
    private static List<ProcessHandle> kill(PlatformProcess platform, boolean podsToo) throws InterruptedException {
        List<ProcessHandle> pods = platform.process().toHandle().descendants().toList();
        platform.process().destroyForcibly();
        platform.process().waitFor();
        for (ProcessHandle pod : pods) {
            if (podsToo) {
                pod.destroyForcibly();
                pod.onExit().join();
            } else {
                orphanedPods.add(pod);
            }
        }
        return podsToo ? List.of() : pods.stream().filter(ProcessHandle::isAlive).toList();
    }

    private static void checkStoreAfterRestart(Path dataDir, List<Publish> publishes, Api api) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("wfp.db"))) {
            assertThat(rows(db, "PRAGMA integrity_check")).as("integrity_check").containsExactly(List.of("ok"));

            Map<String, String> releaseIdByVersion = new HashMap<>();
            for (List<String> row : rows(db, "SELECT version_name, id FROM releases WHERE user_slug = '" + USER + "'")) {
                releaseIdByVersion.put(row.get(0), row.get(1));
            }
            Map<String, String> stateByDeployment = new LinkedHashMap<>();
            Set<String> succeededReleaseIds = new LinkedHashSet<>();
            for (List<String> row : rows(db, "SELECT id, state, release_id FROM deployments")) {
                stateByDeployment.put(row.get(0), row.get(1));
                if (row.get(1).equals("SUCCEEDED") && row.get(2) != null) {
                    succeededReleaseIds.add(row.get(2));
                }
            }

            assertThat(stateByDeployment.values()).as("no deployment is still RUNNING after a restart")
                    .doesNotContain("RUNNING");
            for (Publish publish : publishes) {
                assertThat(stateByDeployment).containsKey(publish.deploymentId());
                if (publish.acknowledged()) {
                    assertThat(releaseIdByVersion).as("acknowledged release %s", publish.version())
                            .containsKey(publish.version());
                    assertThat(stateByDeployment.get(publish.deploymentId())).isEqualTo("SUCCEEDED");
                }
                HttpResponse<String> status = api.send("GET", "/api/v1/deployments/" + publish.deploymentId(), null,
                        null);
                assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
                assertThat(json(status.body()).path("state").asText()).isIn("succeeded", "failed");
                // It may still have finished in the moment between the status call and the kill.
                if (publish.runningAtKill() && stateByDeployment.get(publish.deploymentId()).equals("FAILED")) {
                    assertThat(status.body()).as("deployment cut off by the kill").contains("deployment.interrupted");
                }
            }

            for (List<String> row : rows(db, "SELECT config FROM routing")) {
                Matcher ids = RELEASE_ID.matcher(row.get(0));
                while (ids.find()) {
                    assertThat(releaseIdByVersion.values()).as("routing %s names a stored release", row.get(0))
                            .contains(ids.group());
                    assertThat(succeededReleaseIds).as("routing %s names a release whose deployment succeeded",
                            row.get(0)).contains(ids.group());
                }
            }
        }
        HttpResponse<String> listing = api.send("GET", "/api/v1/workflows/" + WORKFLOW + "/releases", null, null);
        if (publishes.stream().anyMatch(Publish::acknowledged)) {
            assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
            List<String> listed = json(listing.body()).path("entries").valueStream()
                    .map(e -> e.path("version").asText()).toList();
            assertThat(listed).containsAll(publishes.stream().filter(Publish::acknowledged).map(Publish::version)
                    .toList());
        }
    }

    private static Set<String> succeededVersions(Path dataDir) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("wfp.db"))) {
            Set<String> versions = new LinkedHashSet<>();
            for (List<String> row : rows(db, """
                    SELECT r.version_name FROM releases r JOIN deployments d ON d.release_id = r.id
                    WHERE d.state = 'SUCCEEDED'""")) {
                versions.add(row.getFirst());
            }
            return versions;
        }
    }

    private static List<List<String>> rows(Connection db, String sql) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The greeting's trigger asks for an API key. */
    private static String apiKey;

    private record Api(HttpClient client, String httpsUrl, String token) {

        HttpResponse<String> send(String method, String path, String body, String idempotencyKey) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(httpsUrl + path)).timeout(REQUEST_TIMEOUT)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> production() throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create(httpsUrl + "/w/" + WORKFLOW)).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json").header("X-Api-Key", apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** The restored pod may still be loading its release when the gateway is ready: give it a moment. */
        HttpResponse<String> awaitProduction() throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            HttpResponse<String> answer = production();
            while (answer.statusCode() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                answer = production();
            }
            return answer;
        }
    }

    private static JsonNode json(String text) throws Exception {
        return ReportJson.mapper().readTree(text);
    }
}
