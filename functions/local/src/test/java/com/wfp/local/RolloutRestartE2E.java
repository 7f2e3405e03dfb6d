package com.wfp.local;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A progressive rollout outlives its platform. Started with a 15 s interval and judged on live
 * calls, the platform is stopped as Ctrl-C stops it and started again on the same data directory,
 * then killed with SIGKILL (its pods with it) and started again. Each time the rollout is back,
 * still running, at the same step that began at the same moment; once calls come in again it takes
 * its next step by itself, when the interval counted from that moment (not from the restart) has
 * passed. No calls are made while the platform restarts: without them the rollout cannot move on,
 * so the checks after each start see the first step however long the starts take.
 */
class RolloutRestartE2E {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final String WORKFLOW = "local/default/greeting";
    private static final String ROLLOUT = "/api/v1/workflows/" + WORKFLOW + "/rollout";
    /** Longer than a tick and a judgement; the restarts may take longer, as no call reaches the rollout then. */
    private static final Duration INTERVAL = Duration.ofSeconds(15);

    private static final List<PlatformProcess> runs = new ArrayList<>();
    private static final long BEGAN = System.nanoTime();
    private static final Set<ProcessHandle> pods = new LinkedHashSet<>();
    /** The one data directory every start uses, deleted when all of them have ended. */
    private static Path dataDir;

    @RegisterExtension
    static final TestWatcher PRINT_PLATFORM_OUTPUT_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            for (int i = 0; i < runs.size(); i++) {
                System.err.println("---- wfp start output, run " + (i + 1) + " ----");
                System.err.println(runs.get(i).transcript());
            }
            System.err.println("---- end of wfp start output ----");
        }
    };

    @AfterAll
    static void stopWhatIsLeft() throws Exception {
        for (PlatformProcess run : runs) {
            run.process().toHandle().descendants().forEach(pods::add);
            run.close();
        }
        pods.forEach(ProcessHandle::destroyForcibly);
        // Nothing may still write to the data directory while it is deleted.
        for (PlatformProcess run : runs) {
            run.process().waitFor(30, TimeUnit.SECONDS);
        }
        for (ProcessHandle pod : pods) {
            pod.onExit().completeOnTimeout(pod, 30, TimeUnit.SECONDS).join();
        }
        ScratchDirectory.delete(dataDir);
    }

    @Test
    void rollout_whenThePlatformIsStoppedAndKilledMidStep_comesBackAtItsStepAndMovesOnWhenItsIntervalEnds()
            throws Exception {
        TlsTestClients.allowLegacyProtocolsInThisJvm();
        dataDir = ScratchDirectory.create("wfp-rollout-restart-e2e-");
        Api api = start(dataDir, null);
        // The first start creates the certificate; the later ones reuse it from the data directory.
        HttpClient client = TlsTestClients.client(TlsTestClients.trustingDataDir(dataDir));
        api = new Api(api.platform(), client, api.httpsUrl(), api.token());
        String greeting = Files.readString(StartedPlatform.sample("greeting.json"));
        progress("started");
        api.publish("v1.0.0", greeting, "all");
        api.publish("v2.0.0", greeting.replace("'Hello, '", "'Welcome, '"), "staged");
        // Keys live in the data directory, so the one made now works across every restart.
        apiKey = new ControlApi(client, api.httpsUrl(), api.token()).createKey("local/default");

        progress("published");
        AtomicReference<Api> current = new AtomicReference<>(api);
        AtomicBoolean calling = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        Thread caller = Thread.ofPlatform().name("production-caller").daemon().start(() -> {
            while (!done.get()) {
                try {
                    if (calling.get()) {
                        // Unpinned calls give the candidate its 10%; pinned ones make sure it has some to be judged on.
                        for (String version : new String[] {"", "/v/v2.0.0"}) {
                            if (current.get().production(version).statusCode() == 200) {
                                answered.incrementAndGet();
                            }
                        }
                    }
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception platformDown) {
                    // A call that was on its way when the platform stopped.
                }
            }
        });

        HttpResponse<String> started = api.send("POST", ROLLOUT, "{\"version\":\"v2.0.0\",\"steps\":[10,50,100],"
                + "\"intervalSeconds\":" + INTERVAL.toSeconds() + ",\"maxErrorRate\":1,\"maxP95Ms\":60000,"
                + "\"minRequests\":1,\"windowSeconds\":5}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        progress("rollout started");
        JsonNode first = ControlApi.json(started.body());
        Instant stepStarted = Instant.parse(first.path("stepStartedAt").asText());
        assertAtFirstStep(first, stepStarted, "as started");
        calling.set(true);
        JsonNode judged = api.awaitRollout(state -> state.path("lastStats").path("requests").asLong() > 0,
                Duration.ofSeconds(10));
        calling.set(false);
        assertAtFirstStep(judged, stepStarted, "judged on live calls before the stop");
        assertThat(judged.path("status").asText()).isEqualTo("RUNNING");

        progress("rollout judged");
        int exit = api.platform().stop(Duration.ofSeconds(30));
        progress("stopped");
        assertThat(api.platform().output()).as("a normal stop, exit %d", exit).contains("wfp: stopped");
        api = start(dataDir, client);
        current.set(api);
        assertThat(api.platform().transcript()).contains("wfp: rollouts        1 resumed: " + WORKFLOW + " ");
        progress("started again");
        assertAtFirstStep(api.rollout(), stepStarted, "after a normal stop and start");

        kill(api.platform());
        progress("killed");
        api = start(dataDir, client);
        progress("started again");
        current.set(api);
        Instant restartedAt = Instant.now();
        assertThat(api.platform().transcript()).contains("wfp: rollouts        1 resumed: " + WORKFLOW + " ");
        assertAtFirstStep(api.rollout(), stepStarted, "after SIGKILL and a start");

        calling.set(true);
        JsonNode second = api.awaitRollout(state -> state.path("step").asInt() >= 2, INTERVAL.plusSeconds(15));
        done.set(true);
        caller.join(REQUEST_TIMEOUT.toMillis());
        Instant secondStepStarted = Instant.parse(second.path("stepStartedAt").asText());

        assertThat(second.path("status").asText()).as(second.toString()).isEqualTo("RUNNING");
        assertThat(second.path("step").asInt()).isEqualTo(2);
        assertThat(second.path("percent").asInt()).isEqualTo(50);
        assertThat(secondStepStarted).as("the next step waits for the interval from the first step's start")
                .isAfterOrEqualTo(stepStarted.plus(INTERVAL))
                .as("the interval ran on across the restarts instead of starting again")
                .isBefore(restartedAt.plus(INTERVAL));
        JsonNode history = ControlApi.json(api.send("GET", "/api/v1/workflows/" + WORKFLOW + "/history", null).body())
                .path("entries");
        assertThat(history.get(0).path("by").asText()).isEqualTo("wfp-rollout");
        assertThat(history.get(0).path("why").asText()).contains("rollout of v2.0.0 step 2/3");
        assertThat(history.valueStream().filter(e -> e.path("why").asText().contains("rollout of v2.0.0 step")).count())
                .as("routing changes of the rollout: step 1 once, step 2 once, none repeated by a restart")
                .isEqualTo(2);
        JsonNode traffic = ControlApi.json(api.send("GET", "/api/v1/workflows/" + WORKFLOW + "/traffic", null).body());
        assertThat(traffic.path("weights").valueStream().filter(w -> w.path("version").asText().equals("v2.0.0"))
                .findFirst().orElseThrow().path("percent").asInt()).isEqualTo(50);
        assertThat(answered.get()).as("production calls answered before the stop and after the last start").isPositive();

        api.platform().stop(Duration.ofSeconds(30));
        System.out.printf("RolloutRestartE2E: step 2 began %.1f s after step 1 (interval %d s, last restart %.1f s"
                        + " after step 1); %d production calls answered; %.1f s in all%n",
                Duration.between(stepStarted, secondStepStarted).toMillis() / 1000.0, INTERVAL.toSeconds(),
                Duration.between(stepStarted, restartedAt).toMillis() / 1000.0, answered.get(),
                (System.nanoTime() - BEGAN) / 1e9);
    }

    private static void progress(String what) {
        System.out.printf("RolloutRestartE2E: %-15s at %5.1f s%n", what, (System.nanoTime() - BEGAN) / 1e9);
    }

    private static void assertAtFirstStep(JsonNode state, Instant stepStarted, String when) {
        assertThat(state.path("status").asText()).as("status %s: %s", when, state).isIn("RUNNING", "PAUSED");
        assertThat(state.path("active").asBoolean()).as("active %s", when).isTrue();
        assertThat(state.path("candidate").asText()).isEqualTo("v2.0.0");
        assertThat(state.path("previous").asText()).isEqualTo("v1.0.0");
        assertThat(state.path("startedBy").asText()).as("started with the admin token").isEqualTo("admin");
        assertThat(state.path("step").asInt()).as("step %s: %s", when, state).isEqualTo(1);
        assertThat(state.path("percent").asInt()).isEqualTo(10);
        assertThat(Instant.parse(state.path("stepStartedAt").asText())).as("step start %s", when).isEqualTo(stepStarted);
    }

    private static Api start(Path dataDir, HttpClient client) throws InterruptedException {
        PlatformProcess platform = PlatformProcess.start("start", "--port", "0", "--http-port", "-1", "--data",
                dataDir.toString());
        runs.add(platform);
        if (!platform.awaitReady(START_TIMEOUT)) {
            fail("wfp start (run " + runs.size() + ") did not get ready within " + START_TIMEOUT.toSeconds() + " s:\n"
                    + platform.transcript());
        }
        return new Api(platform, client, platform.httpsUrl(), platform.adminToken());
    }

    /** SIGKILL, as a power cut would stop it, and its pods with it. */
    private static void kill(PlatformProcess platform) throws InterruptedException {
        List<ProcessHandle> children = platform.process().toHandle().descendants().toList();
        platform.process().destroyForcibly();
        platform.process().waitFor();
        for (ProcessHandle pod : children) {
            pod.destroyForcibly();
            pod.onExit().join();
        }
    }

    /** The greeting's trigger asks for an API key. */
    private static volatile String apiKey;

    private record Api(PlatformProcess platform, HttpClient client, String httpsUrl, String token) {

        HttpResponse<String> send(String method, String path, String body) throws Exception {
            return new ControlApi(client, httpsUrl, token).send(method, path, body);
        }

        void publish(String version, String definition, String strategy) throws Exception {
            new ControlApi(client, httpsUrl, token).publish(WORKFLOW, version, definition, strategy);
        }

        /** A call of the production URL, or of the pinned one with {@code pin} such as "/v/v2.0.0". */
        HttpResponse<String> production(String pin) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create(httpsUrl + "/w/" + WORKFLOW + pin)).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json").header("X-Api-Key", apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        JsonNode rollout() throws Exception {
            HttpResponse<String> state = send("GET", ROLLOUT, null);
            assertThat(state.statusCode()).as(state.body()).isEqualTo(200);
            return ControlApi.json(state.body());
        }

        JsonNode awaitRollout(Predicate<JsonNode> condition, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            JsonNode state = rollout();
            while (!condition.test(state) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                state = rollout();
            }
            assertThat(condition.test(state)).as("rollout after waiting up to %d s: %s", timeout.toSeconds(), state)
                    .isTrue();
            return state;
        }
    }
}
