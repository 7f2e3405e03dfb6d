package com.wfp.adapters.local.pod;

import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.wfp.adapters.local.pod.PodTesting.GOODBYE_WORKFLOW;
import static com.wfp.adapters.local.pod.PodTesting.HELLO_WORKFLOW;
import static com.wfp.adapters.local.pod.PodTesting.awaitTrue;
import static com.wfp.adapters.local.pod.PodTesting.isAlive;
import static com.wfp.adapters.local.pod.PodTesting.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalPodManagerIT {

    private static final Duration RECOVERY = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    private final InMemoryPodLogSink logs = new InMemoryPodLogSink(1000);
    private final List<LocalPodManager> managers = new ArrayList<>();
    private LocalPodManager pods;

    @BeforeEach
    void startManager() {
        pods = manager(PodTesting.settings(dataDir));
    }

    @AfterEach
    void stopManagers() {
        managers.forEach(LocalPodManager::close);
    }

    private LocalPodManager manager(LocalPodSettings settings) {
        LocalPodManager manager = new LocalPodManager(settings, logs);
        managers.add(manager);
        return manager;
    }

    @Test
    void ensurePod_whenCalledConcurrentlyThenAgain_startsOnePodAndReusesIt() throws Exception {
        int callers = 4;
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<RunningPod>> calls = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            calls.add(() -> {
                go.await();
                return pods.ensureProductionPod("ada");
            });
        }
        List<RunningPod> endpoints = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<RunningPod>> futures = calls.stream().map(threads::submit).toList();
            go.countDown();
            for (Future<RunningPod> future : futures) {
                endpoints.add(future.get());
            }
        }
        RunningPod again = pods.ensureProductionPod("ada");

        assertThat(endpoints).allSatisfy(endpoint -> assertThat(endpoint).isEqualTo(again));
        assertThat(again.kind()).isEqualTo("production");
        assertThat(again.baseUrl()).startsWith("http://127.0.0.1:");
        assertThat(isAlive(again.pid())).isTrue();
        PodStatus health = pods.status("ada");
        assertThat(health.status()).isEqualTo(PodStatus.READY);
        assertThat(health.pid()).isEqualTo(again.pid());
        assertThat(health.restarts()).isZero();
    }

    @Test
    void ensurePod_forTwoUsers_givesEachItsOwnPod() {
        RunningPod ada = pods.ensureProductionPod("ada");
        RunningPod grace = pods.ensureProductionPod("grace");

        assertThat(ada.pid()).isNotEqualTo(grace.pid());
        assertThat(ada.baseUrl()).isNotEqualTo(grace.baseUrl());
        assertThat(ada.token()).isNotEqualTo(grace.token());
        assertThat(List.of(ada.user(), grace.user())).containsExactly("ada", "grace");
    }

    @Test
    void ensurePod_servesOnAnOwnerOnlySocketBesideItsState_andThePodClientRunsThroughIt() throws Exception {
        pods.load("ada", "rel-1", "hello", "1.0.0", HELLO_WORKFLOW);
        RunningPod pod = pods.ensureProductionPod("ada");
        Path socket = dataDir.toAbsolutePath().resolve("pods/ada/production.sock");

        assertThat(pod.unixSocket()).isEqualTo(socket);
        assertThat(pod.podEndpoint().unixSocket()).isEqualTo(socket);
        // Connecting to a Unix socket takes write permission on its file: only the platform's own user has it.
        assertThat(java.nio.file.Files.getPosixFilePermissions(socket)).doesNotContain(
                java.nio.file.attribute.PosixFilePermission.GROUP_WRITE,
                java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
        // A port nothing listens on: the answer can only have come over the socket.
        com.wfp.platform.port.PodEndpoint socketOnly = new com.wfp.platform.port.PodEndpoint(
                java.net.URI.create("http://127.0.0.1:1"), pod.token(), socket);
        try (com.wfp.adapters.pod.PodClient client = new com.wfp.adapters.pod.PodClient()) {
            com.wfp.platform.port.PodAnswer answer = client.runJson(socketOnly, "rel-1", "{\"name\":\"Ada\"}", null);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("Ada");
        }
    }

    @Test
    void load_thenRunOverHttp_answersWithTheWorkflowsResultAndLogsTheExecution() throws Exception {
        String sha256 = pods.load("ada", "rel-1", "hello", "1.0.0", HELLO_WORKFLOW);
        RunningPod pod = pods.ensureProductionPod("ada");

        HttpResponse<String> response = run(pod, "rel-1", "{\"name\":\"Ada\"}");

        assertThat(sha256).matches("[0-9a-f]{64}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"hello\"").contains("\"Ada\"");
        assertThat(pods.status("ada").releases()).containsExactly("rel-1");
        awaitTrue("the execution's log line reached the sink", Duration.ofSeconds(10),
                () -> !logs.linesOf("ada").isEmpty());
        assertThat(logs.linesOf("ada")).allSatisfy(line -> {
            assertThat(line.podKind()).isEqualTo("production");
            assertThat(line.jsonLine()).startsWith("{");
        });
    }

    @Test
    void load_whenThePodRefusesTheDefinition_failsWithThePodsReasonAndKeepsOnlyWhatLoaded() {
        pods.load("ada", "rel-1", "hello", "1.0.0", HELLO_WORKFLOW);
        String unparsable = HELLO_WORKFLOW.replace("{'hello': input.name}", "{'hello': input.name");

        assertThatThrownBy(() -> pods.load("ada", "rel-2", "hello", "1.0.1", unparsable))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("pod.load-rejected");
                    assertThat(e.httpStatus()).isEqualTo(422);
                    assertThat(e.hint()).isNotBlank();
                });
        assertThatThrownBy(() -> pods.load("ada", "rel-1", "goodbye", "1.0.0", GOODBYE_WORKFLOW))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("pod.release-conflict");
                    assertThat(e.httpStatus()).isEqualTo(409);
                });
        assertThat(pods.status("ada").releases()).containsExactly("rel-1");
    }

    @Test
    void unload_removesTheReleaseFromThePodAndFromWhatIsRestored() throws Exception {
        pods.load("ada", "rel-1", "hello", "1.0.0", HELLO_WORKFLOW);
        pods.load("ada", "rel-2", "goodbye", "1.0.0", GOODBYE_WORKFLOW);

        pods.unload("ada", "rel-1");

        assertThat(pods.status("ada").releases()).containsExactly("rel-2");
        assertThat(run(pods.ensureProductionPod("ada"), "rel-1", "{\"name\":\"Ada\"}").statusCode()).isEqualTo(404);
        pods.close();
        LocalPodManager restarted = manager(PodTesting.settings(dataDir));
        restarted.restoreAll();
        assertThat(restarted.status("ada").releases()).containsExactly("rel-2");
    }

    @Test
    void crash_whenThePodIsKilled_restartsItWithItsReleases() throws Exception {
        pods.load("ada", "rel-1", "hello", "1.0.0", HELLO_WORKFLOW);
        RunningPod crashed = pods.ensureProductionPod("ada");
        long crashedPid = crashed.pid();

        long killedAt = System.nanoTime();
        ProcessHandle.of(crashedPid).orElseThrow().destroyForcibly();
        awaitTrue("the pod is back and ready with its release", RECOVERY, () -> {
            PodStatus health = pods.status("ada");
            return health.isReady() && health.pid() != crashedPid && health.releases().contains("rel-1");
        });
        long recoveryMillis = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.println("Pod recovered " + recoveryMillis + " ms after kill -9 (restart backoff 300 ms)");

        PodStatus health = pods.status("ada");
        assertThat(health.restarts()).isEqualTo(1);
        assertThat(isAlive(crashedPid)).isFalse();
        RunningPod restarted = pods.ensureProductionPod("ada");
        // The pod comes back on its old port, so endpoints cached by callers stay valid.
        assertThat(restarted.baseUrl()).isEqualTo(crashed.baseUrl());
        assertThat(restarted.token()).isEqualTo(crashed.token());
        HttpResponse<String> response = run(restarted, "rel-1", "{\"name\":\"again\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("again");
    }

    @Test
    void watchdog_whenThePodHangs_killsAndRestartsItWithItsReleases() throws Exception {
        LocalPodManager watched = manager(PodTesting.settings(dataDir.resolve("watched"))
                .withHealthCheck(Duration.ofMillis(300), 2, Duration.ofSeconds(1)));
        watched.load("ada", "rel-1", "hello", "1.0.0", HELLO_WORKFLOW);
        long hungPid = watched.ensureProductionPod("ada").pid();

        // SIGSTOP: the process stays alive but answers nothing, as a deadlocked pod would.
        Process stop = new ProcessBuilder("kill", "-STOP", Long.toString(hungPid)).start();
        assertThat(stop.waitFor()).isZero();

        awaitTrue("the hung pod is replaced by a ready one with its release", RECOVERY, () -> {
            PodStatus health = watched.status("ada");
            return health.isReady() && health.pid() != hungPid && health.releases().contains("rel-1");
        });
        awaitTrue("the hung process is gone", Duration.ofSeconds(10), () -> !isAlive(hungPid));
        assertThat(watched.status("ada").restarts()).isEqualTo(1);
    }

    @Test
    void close_stopsEveryPod() {
        List<Long> pids = List.of(pods.ensureProductionPod("ada").pid(), pods.ensureProductionPod("grace").pid(),
                pods.ensureDebugPod("ada").pid());

        pods.close();

        assertThat(pids).allSatisfy(pid -> assertThat(isAlive(pid)).as("pid %d alive", pid).isFalse());
        assertThatThrownBy(() -> pods.ensureProductionPod("ada"))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.code()).isEqualTo("pod.manager-closed"));
    }

    @Test
    void restoreAll_onTheSameDataDir_bringsEveryPodBackWithItsReleases() throws Exception {
        pods.load("ada", "rel-a", "hello", "1.0.0", HELLO_WORKFLOW);
        pods.load("grace", "rel-g", "goodbye", "2.0.0", GOODBYE_WORKFLOW);
        pods.ensureProductionPod("linus");
        pods.stop("linus");
        Set<Long> oldPids = Set.of(pods.ensureProductionPod("ada").pid(), pods.ensureProductionPod("grace").pid());
        pods.close();

        LocalPodManager restarted = manager(PodTesting.settings(dataDir));
        RestoreReport report = restarted.restoreAll();

        assertThat(report.failures()).isEmpty();
        assertThat(report.restored()).extracting(RunningPod::user).containsExactly("ada", "grace");
        assertThat(report.restored()).extracting(RunningPod::pid).doesNotContainAnyElementsOf(oldPids);
        assertThat(restarted.status("ada").releases()).containsExactly("rel-a");
        assertThat(restarted.status("grace").releases()).containsExactly("rel-g");
        assertThat(restarted.status("linus").status()).isEqualTo(PodStatus.STOPPED);
        HttpResponse<String> response = run(restarted.ensureProductionPod("grace"), "rel-g", "{\"name\":\"Grace\"}");
        assertThat(response.body()).contains("goodbye").contains("Grace");
    }

    @Test
    void restoreAll_afterThePlatformWasKilled_endsTheLeftoverPodsFirst() throws Exception {
        pods.load("ada", "rel-a", "hello", "1.0.0", HELLO_WORKFLOW);
        long leftover = pods.ensureProductionPod("ada").pid();

        // A second manager on the same data dir stands for a platform restarted after a kill -9:
        // the first one never stopped its pod.
        LocalPodManager restarted = manager(PodTesting.settings(dataDir));
        RestoreReport report = restarted.restoreAll();

        assertThat(isAlive(leftover)).isFalse();
        assertThat(report.restored()).singleElement().satisfies(pod -> assertThat(pod.pid()).isNotEqualTo(leftover));
        assertThat(restarted.status("ada").releases()).containsExactly("rel-a");
    }

    @Test
    void restoreAll_afterThePlatformWasKilledWhileANewUsersPodStarted_endsThatPodAndDoesNotRestoreIt() throws Exception {
        LocalPodSettings slow = PodTesting.settings(dataDir.resolve("slow"))
                .withMainClass(SilentPodMain.class.getName()).withReadinessTimeout(Duration.ofSeconds(60));
        LocalPodManager killed = manager(slow);
        Set<Long> before = childPids();
        Thread.ofVirtual().start(() -> {
            try {
                killed.ensureProductionPod("newcomer");
            } catch (DomainException expected) {
                // Its process is ended under it by the restarted manager below.
            }
        });
        PodTesting.awaitTrue("the new user's pod process is launched", Duration.ofSeconds(10),
                () -> childPids().stream().anyMatch(pid -> !before.contains(pid)));
        long starting = childPids().stream().filter(pid -> !before.contains(pid)).findFirst().orElseThrow();

        try {
            // Still starting: its pid has not been saved, only the launch marker on its command line.
            LocalPodManager restarted = manager(slow);
            RestoreReport report = restarted.restoreAll();

            assertThat(isAlive(starting)).as("pod %d left starting by the killed platform", starting).isFalse();
            assertThat(report.restored()).as("a pod that never served anything is not restored").isEmpty();
        } finally {
            ProcessHandle.of(starting).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void debugPod_isSeparateFromTheProductionPod() throws Exception {
        pods.load("ada", "rel-1", "hello", "1.0.0", HELLO_WORKFLOW);
        pods.loadDebug("ada", "draft-1", "goodbye", "draft", GOODBYE_WORKFLOW);

        RunningPod production = pods.ensureProductionPod("ada");
        RunningPod debug = pods.ensureDebugPod("ada");

        assertThat(debug.kind()).isEqualTo("debug");
        assertThat(debug.pid()).isNotEqualTo(production.pid());
        assertThat(debug.baseUrl()).isNotEqualTo(production.baseUrl());
        assertThat(pods.status("ada").releases()).containsExactly("rel-1");
        assertThat(pods.debugStatus("ada").releases()).containsExactly("draft-1");
        assertThat(run(debug, "rel-1", "{\"name\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(run(production, "draft-1", "{\"name\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(run(debug, "draft-1", "{\"name\":\"x\"}").body()).contains("goodbye");
    }

    @Test
    void ensurePod_whenThePodNeverReportsReady_failsWithStartTimeoutAndItsOutput() {
        LocalPodManager silent = manager(PodTesting.settings(dataDir.resolve("silent"))
                .withMainClass(SilentPodMain.class.getName())
                .withReadinessTimeout(Duration.ofSeconds(3)));
        Set<Long> before = childPids();

        assertThatThrownBy(() -> silent.ensureProductionPod("ada"))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("pod.start-timeout");
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("3000 ms").contains("never finishes");
                    assertThat(e.hint()).isNotBlank();
                });
        assertThat(childPids()).isSubsetOf(before);
    }

    @Test
    void ensurePod_whenThePodCannotStart_failsWithStartFailedAndTheJvmsMessage() {
        LocalPodManager broken = manager(PodTesting.settings(dataDir.resolve("broken"))
                .withMainClass("com.wfp.pod.NoSuchMain"));

        assertThatThrownBy(() -> broken.ensureProductionPod("ada"))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("pod.start-failed");
                    assertThat(e.getMessage()).contains("com.wfp.pod.NoSuchMain");
                });
    }

    private static Set<Long> childPids() {
        Set<Long> pids = ConcurrentHashMap.newKeySet();
        ProcessHandle.current().children().filter(ProcessHandle::isAlive).forEach(child -> pids.add(child.pid()));
        return pids;
    }
}
