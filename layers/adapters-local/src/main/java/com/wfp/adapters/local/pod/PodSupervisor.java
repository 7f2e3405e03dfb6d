package com.wfp.adapters.local.pod;

import com.wfp.adapters.pod.LoadConfirmation;
import com.wfp.adapters.pod.LoadRequest;
import com.wfp.platform.secrets.ReleaseSecrets;
import com.wfp.adapters.pod.PodClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.workflow.error.DomainException;

import java.security.SecureRandom;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps one pod (a user's production or debug pod) running with the releases it must hold.
 *
 * <p>Every change of state happens under {@link #lock}, so concurrent callers for the same pod
 * start it once and loads never interleave with a restart. A crash (the process exits while the
 * pod should run) schedules a restart after an exponential backoff; the restarted pod gets its
 * releases back before it counts as running. {@link #generation} increases with every start and
 * stop so that a restart scheduled for an older process does nothing.
 */
final class PodSupervisor {

    private enum Phase { STOPPED, RUNNING, RESTART_PENDING, CLOSED }

    /** What health reads without waiting for a start in progress. */
    private record Snapshot(Phase phase, RunningPod endpoint, int port, Instant readyAt, int restarts,
                            List<String> releaseIds) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PodKey key;
    /** What the next start launches with; a new plan replaces it. */
    private volatile LocalPodSettings settings;
    /** What the running process was launched with, or null when none runs. */
    private volatile LocalPodSettings launchedWith;
    private final PodClient client;
    private final PodStateStore store;
    private final PodLogSink logSink;
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock.
    private final Map<String, LoadedRelease> releases = new LinkedHashMap<>();
    private final String token;
    private final ReleaseSecrets secrets;
    private Phase phase = Phase.STOPPED;
    private boolean explicitlyStopped;
    private PodProcess process;
    private RunningPod endpoint;
    private int port;
    private int lastPort;
    private int restarts;
    private int consecutiveCrashes;
    private long generation;
    private DomainException lastFailure;

    private volatile Snapshot snapshot;
    /** The marker of the last process launched (see {@link PodState#launch}). */
    private String launch;

    PodSupervisor(PodKey key, LocalPodSettings settings, PodClient client, PodStateStore store, PodLogSink logSink,
                  ReleaseSecrets secrets) {
        this.secrets = secrets;
        this.key = key;
        this.settings = settings;
        this.client = client;
        this.store = store;
        this.logSink = logSink;
        Optional<PodState> saved = store.read(key);
        saved.ifPresent(state -> {
            endLeftoverProcess(state.pid(), state.launch());
            state.releases().forEach(release -> releases.put(release.releaseId(), release));
            explicitlyStopped = state.stopped();
            lastPort = state.port();
        });
        this.token = saved.map(PodState::token).filter(t -> !t.isBlank()).orElseGet(PodSupervisor::newToken);
        publishSnapshot();
    }

    PodKey key() {
        return key;
    }

    /** True when the saved state says this pod should run (it was not explicitly stopped). */
    boolean wantsToRun() {
        lock.lock();
        try {
            return !explicitlyStopped;
        } finally {
            lock.unlock();
        }
    }

    /** Starts the pod unless it runs, and returns where it answers. */
    RunningPod ensureRunning() {
        lock.lock();
        try {
            return ensureRunningLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts the pod after a platform restart. When it does not come up, it stays scheduled for
     * restarts with backoff, like a crashed pod, and the failure is rethrown.
     */
    RunningPod restore() {
        lock.lock();
        try {
            return ensureRunningLocked();
        } catch (DomainException e) {
            if (phase == Phase.STOPPED) {
                lastFailure = e;
                phase = Phase.RESTART_PENDING;
                scheduleRestartLocked();
            }
            throw e;
        } finally {
            lock.unlock();
        }
    }

    private RunningPod ensureRunningLocked() {
        if (phase == Phase.CLOSED) {
            throw closed();
        }
        if (phase == Phase.RUNNING && process.isAlive()) {
            return endpoint;
        }
        boolean recovering = phase == Phase.RESTART_PENDING || phase == Phase.RUNNING;
        try {
            startLocked();
        } catch (DomainException e) {
            if (recovering) {
                // Starting cancelled the pending restart: schedule another so the pod still comes back.
                lastFailure = e;
                process = null;
                endpoint = null;
                phase = Phase.RESTART_PENDING;
                scheduleRestartLocked();
            }
            throw e;
        }
        if (recovering) {
            restarts++;
            publishSnapshot();
        }
        return endpoint;
    }

    private void startLocked() {
        generation++;
        explicitlyStopped = false;
        // Saved before the process exists: a platform killed while the pod starts has not saved
        // its pid yet, and its next run finds the process by this marker instead. A pod with
        // nothing to serve is not restored then; its next use starts it.
        launch = newToken();
        persist(releases.isEmpty(), -1);
        PodProcess started;
        int readyPort;
        int preferredPort = lastPort;
        Path unixSocket = PodArguments.unixSocket(settings, key);
        try {
            started = PodProcess.launch(settings, key, token, preferredPort, unixSocket, logSink, launch);
            readyPort = started.awaitReady(settings.readinessTimeout());
        } catch (PodExitedBeforeReadyException firstFailure) {
            if (preferredPort == 0) {
                throw firstFailure;
            }
            // The previous port may have been taken meanwhile: any free port will do.
            started = PodProcess.launch(settings, key, token, 0, unixSocket, logSink, launch);
            readyPort = started.awaitReady(settings.readinessTimeout());
        }
        process = started;
        launchedWith = settings;
        port = readyPort;
        lastPort = readyPort;
        endpoint = new RunningPod(key.user(), "http://" + PodArguments.LOOPBACK + ":" + readyPort, token,
                started.pid(), key.kind().label(), unixSocket);
        phase = Phase.RUNNING;
        PodProcess watched = started;
        // Never inline: an exit seen while this start still holds the lock must wait for it to finish.
        started.onExit().thenRunAsync(() -> onExit(watched), task -> Thread.ofVirtual().start(task));
        reloadReleasesLocked();
        persistLocked();
        publishSnapshot();
        if (!settings.healthCheckInterval().isZero()) {
            Thread.ofVirtual().name("watch-" + key.kind().label() + "-pod-" + key.user()).start(() -> watch(watched));
        }
    }

    /**
     * Health-checks one process for as long as it is this pod's process. A process that is alive
     * but fails several checks in a row (hung, deadlocked, out of memory without exiting) is
     * killed; its exit then restarts the pod like any crash.
     */
    private void watch(PodProcess watched) {
        int failuresInARow = 0;
        while (true) {
            try {
                Thread.sleep(settings.healthCheckInterval());
            } catch (InterruptedException e) {
                return;
            }
            Snapshot now = snapshot;
            if (now.phase() != Phase.RUNNING || now.endpoint() == null || now.endpoint().pid() != watched.pid()
                    || !watched.isAlive()) {
                return;
            }
            try {
                client.health(now.endpoint().podEndpoint(), now.endpoint().name());
                failuresInARow = 0;
            } catch (DomainException e) {
                failuresInARow++;
                if (failuresInARow >= settings.unhealthyChecksBeforeRestart()) {
                    watched.killUnresponsive(failuresInARow);
                    return;
                }
            }
        }
    }

    private void reloadReleasesLocked() {
        List<String> failures = new ArrayList<>();
        for (LoadedRelease release : List.copyOf(releases.values())) {
            try {
                client.load(endpoint.podEndpoint(), endpoint.name(), release.releaseId(),
                        new LoadRequest(release.workflowId(), release.version(), release.definition(),
                                secrets.forRelease(release.releaseId())));
            } catch (DomainException e) {
                failures.add(release.releaseId() + ": " + e.getMessage());
            }
        }
        lastFailure = failures.isEmpty() ? null : new DomainException("pod.reload-failed", 502,
                "The " + key + " restarted but could not take back " + failures.size() + " release(s): "
                        + String.join("; ", failures),
                "Load those releases again (publish or roll back to them).");
    }

    private void onExit(PodProcess exited) {
        lock.lock();
        try {
            if (exited != process || phase != Phase.RUNNING) {
                return;
            }
            Instant readyAt = exited.readyAt();
            boolean livedLong = readyAt != null
                    && Duration.between(readyAt, Instant.now()).compareTo(settings.restartBackoffMax()) > 0;
            if (livedLong) {
                consecutiveCrashes = 0;
            }
            lastFailure = new DomainException("pod.crashed", 503,
                    "The " + key + " (pid " + exited.pid() + ") exited unexpectedly. Last output:\n"
                            + exited.lastOutput(),
                    "It is restarted automatically; if it keeps crashing, see its output for the cause.");
            process = null;
            endpoint = null;
            phase = Phase.RESTART_PENDING;
            scheduleRestartLocked();
        } finally {
            lock.unlock();
        }
    }

    private void scheduleRestartLocked() {
        Duration delay = new RestartBackoff(settings.restartBackoffInitial(), settings.restartBackoffMax())
                .delayAfter(consecutiveCrashes);
        consecutiveCrashes++;
        long scheduledFor = ++generation;
        publishSnapshot();
        Thread.ofVirtual().name("restart-" + key.kind().label() + "-pod-" + key.user())
                .start(() -> restartAfter(delay, scheduledFor));
    }

    private void restartAfter(Duration delay, long scheduledFor) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            return;
        }
        lock.lock();
        try {
            if (generation != scheduledFor || phase != Phase.RESTART_PENDING) {
                return;
            }
            try {
                startLocked();
                restarts++;
                publishSnapshot();
            } catch (DomainException e) {
                lastFailure = e;
                phase = Phase.RESTART_PENDING;
                scheduleRestartLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Loads a release into the running pod (starting it if needed) and remembers it. */
    LoadedRelease load(String releaseId, String workflowId, String version, JsonNode definition) {
        lock.lock();
        try {
            RunningPod pod = ensureRunningLocked();
            LoadConfirmation confirmation = client.load(pod.podEndpoint(), pod.name(), releaseId,
                    new LoadRequest(workflowId, version, definition, secrets.forRelease(releaseId)));
            LoadedRelease loaded = new LoadedRelease(releaseId, workflowId, version, definition,
                    confirmation.sha256(), confirmation.loadedAt());
            releases.put(releaseId, loaded);
            persistLocked();
            publishSnapshot();
            return loaded;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets a release and unloads it from the pod when the pod runs. */
    void unload(String releaseId) {
        lock.lock();
        try {
            if (phase == Phase.RUNNING && process.isAlive()) {
                client.unload(endpoint.podEndpoint(), endpoint.name(), releaseId);
            }
            if (releases.remove(releaseId) != null) {
                persistLocked();
                publishSnapshot();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Launch the next start of this pod with these settings (a new plan); a running process keeps its own. */
    void replan(LocalPodSettings next) {
        settings = next;
    }

    /** Whether a process runs with other settings than the next start would use. */
    boolean planPending() {
        LocalPodSettings running = launchedWith;
        return snapshot.phase() == Phase.RUNNING && running != null && !running.equals(settings);
    }

    PodStatus health() {
        Snapshot now = snapshot;
        return switch (now.phase()) {
            case STOPPED, CLOSED -> new PodStatus(PodStatus.STOPPED, now.releaseIds(), -1, -1, now.restarts(),
                    Duration.ZERO, 0, 0);
            case RESTART_PENDING -> new PodStatus(PodStatus.RESTARTING, now.releaseIds(), -1, -1, now.restarts(),
                    Duration.ZERO, 0, 0);
            case RUNNING -> {
                Duration uptime = Duration.between(now.readyAt(), Instant.now());
                try {
                    PodClient.HealthAnswer answer = client.health(now.endpoint().podEndpoint(), now.endpoint().name());
                    yield new PodStatus(answer.status(), answer.releases(), now.endpoint().pid(), now.port(),
                            now.restarts(), uptime, answer.inFlight(), answer.queued());
                } catch (DomainException e) {
                    yield new PodStatus(PodStatus.UNREACHABLE, now.releaseIds(), now.endpoint().pid(), now.port(),
                            now.restarts(), uptime, -1, -1);
                }
            }
        };
    }

    /** The last crash or failed restart, for diagnostics. */
    Optional<DomainException> lastFailure() {
        lock.lock();
        try {
            return Optional.ofNullable(lastFailure);
        } finally {
            lock.unlock();
        }
    }

    /** The running process id, or -1. */
    long pid() {
        Snapshot now = snapshot;
        return now.endpoint() == null ? -1 : now.endpoint().pid();
    }

    /** Stops the pod; it stays down (also across platform restarts) until it is ensured again. */
    void stop() {
        halt(Phase.STOPPED, true);
    }

    /** Stops the pod for good because the platform shuts down; a later restoreAll starts it again. */
    void close() {
        halt(Phase.CLOSED, false);
    }

    private void halt(Phase target, boolean explicit) {
        lock.lock();
        try {
            if (phase == Phase.CLOSED) {
                return;
            }
            generation++;
            PodProcess running = process;
            phase = target;
            process = null;
            endpoint = null;
            if (explicit) {
                explicitlyStopped = true;
            }
            if (running != null) {
                running.stop(settings.stopTimeout());
            }
            persistLocked();
            publishSnapshot();
        } finally {
            lock.unlock();
        }
    }

    /** Kills the process at once, without bookkeeping: the platform JVM is exiting. */
    void killNow() {
        long running = pid();
        if (running > 0) {
            ProcessHandle.of(running).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private void persistLocked() {
        persist(explicitlyStopped, process == null ? -1 : process.pid());
    }

    private void persist(boolean stopped, long pid) {
        List<LoadedRelease> saved = key.kind() == PodKind.PRODUCTION ? List.copyOf(releases.values()) : List.of();
        store.write(key, new PodState(key.user(), key.kind().label(), token, stopped, pid, lastPort, saved, launch));
    }

    private void publishSnapshot() {
        snapshot = new Snapshot(phase, endpoint, port, process == null ? null : process.readyAt(), restarts,
                List.copyOf(releases.keySet()));
    }

    /**
     * Ends a pod process a previous platform run left behind (the platform was killed before it
     * could stop its pods, perhaps while the pod was still starting), so that it neither holds
     * memory nor serves stale releases: the saved pid when it is still a pod of this user, and any
     * process carrying the saved launch marker.
     */
    private void endLeftoverProcess(long pid, String savedLaunch) {
        List<ProcessHandle> leftovers = new ArrayList<>();
        if (pid > 0) {
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(handle -> handle.info().commandLine().map(line -> line.contains(settings.mainClass())
                            && line.contains("--name=" + key.user())).orElse(false))
                    .ifPresent(leftovers::add);
        }
        if (savedLaunch != null && !savedLaunch.isBlank()) {
            String marker = PodProcess.launchMarker(savedLaunch);
            try (var all = ProcessHandle.allProcesses()) {
                all.filter(handle -> handle.pid() != pid && handle.isAlive())
                        .filter(handle -> handle.info().commandLine().map(line -> line.contains(marker)).orElse(false))
                        .forEach(leftovers::add);
            }
        }
        for (ProcessHandle handle : leftovers) {
            handle.destroy();
        }
        for (ProcessHandle handle : leftovers) {
            try {
                handle.onExit().get(settings.stopTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    private DomainException closed() {
        return DomainException.unavailable("pod.manager-closed",
                "The pod manager is shut down; the " + key + " cannot be started.",
                "Create a new pod manager (restart the platform).", null);
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
