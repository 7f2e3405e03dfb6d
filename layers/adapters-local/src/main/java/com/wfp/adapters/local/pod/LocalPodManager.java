package com.wfp.adapters.local.pod;

import com.wfp.adapters.pod.PodClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.platform.pod.PodPlan;
import com.wfp.platform.pod.PodSummary;
import com.wfp.platform.port.PodEndpoint;
import com.wfp.platform.port.PodFleet;
import com.wfp.platform.port.PodHealth;
import com.wfp.platform.port.PodManager;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.secrets.ReleaseSecrets;
import com.wfp.workflow.error.DomainException;

import java.net.URI;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs every user's pods as child JVM processes on 127.0.0.1: the local adapter behind the
 * platform's pod port.
 *
 * <p>Each user has at most one <b>production</b> pod, which only ever gets releases through
 * {@link #load}, and one separate <b>debug</b> pod for running drafts from the designer. A pod
 * is a JVM of its own with its own heap limit, concurrency bound, free port and admin token;
 * users never share one. The first call for a user provisions the pod; concurrent calls wait for
 * that one start.
 *
 * <p><b>Supervision.</b> When a pod process exits without being asked to, it is restarted after
 * an exponential backoff ({@code restartBackoffInitial}, doubling per consecutive crash, at most
 * {@code restartBackoffMax}) and gets its releases back. The releases of every production pod are
 * kept under {@code dataDir} as JSON, so a new manager brings all pods back with
 * {@link #restoreAll()} after the platform restarts. A pod left running by a platform that was
 * killed is ended when the manager first touches its user.
 *
 * <p><b>Logs.</b> Each stdout line a pod writes after its ready line goes to the
 * {@link PodLogSink}; stderr lines are kept in a short tail that start errors quote.
 *
 * <p>Thread-safe. {@link #close()} stops every pod (SIGTERM, then SIGKILL after
 * {@code stopTimeout}).
 */
public final class LocalPodManager implements PodManager, PodFleet, AutoCloseable {

    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern RELEASE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]{0,127}");
    private static final int PARALLEL_RESTORES = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalPodSettings settings;
    private final PodLogSink logSink;
    private final PodClient client;
    private final PodStateStore store;
    private final Map<PodKey, PodSupervisor> supervisors = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;
    private volatile ReleaseSecrets secrets = ReleaseSecrets.NONE;
    /** The secret values of the drafts loaded in debug pods, by draft id: never written anywhere. */
    private final Map<String, Map<String, String>> draftSecrets = new java.util.concurrent.ConcurrentHashMap<>();

    public LocalPodManager(LocalPodSettings settings, PodLogSink logSink) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.logSink = Objects.requireNonNull(logSink, "logSink");
        this.client = new PodClient(settings.requestTimeout());
        this.store = new PodStateStore(settings.dataDir());
        // A platform that exits without close() must not leave its pods running.
        this.shutdownHook = new Thread(() -> supervisors.values().forEach(PodSupervisor::killNow),
                "pod-manager-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Where the secrets handed to a pod with each release come from (from then on, restores and
     * reloads included); none until this is called. Set it before {@link #restoreAll()}.
     */
    public LocalPodManager useSecrets(ReleaseSecrets source) {
        this.secrets = Objects.requireNonNull(source, "source");
        return this;
    }

    private java.util.Map<String, String> secretsFor(String releaseId) {
        Map<String, String> draft = draftSecrets.get(releaseId);
        return draft != null ? draft : secrets.forRelease(releaseId);
    }

    /** The user's production pod, provisioned on first use, with where it listens and its token. */
    @Override
    public PodEndpoint ensurePod(String user) {
        return ensureProductionPod(user).podEndpoint();
    }

    /** The user's production pod, provisioned on first use, with its process id. */
    public RunningPod ensureProductionPod(String user) {
        return supervisor(user, PodKind.PRODUCTION).ensureRunning();
    }

    /** The user's debug pod, separate from the production pod, for running drafts. */
    public RunningPod ensureDebugPod(String user) {
        return supervisor(user, PodKind.DEBUG).ensureRunning();
    }

    /**
     * Loads a release into the user's production pod (provisioning it if needed) and keeps it
     * there across restarts.
     *
     * @return the sha256 the pod confirmed for the definition
     */
    public String load(String user, String releaseId, String workflowId, String version, String definitionJson) {
        return loadInto(PodKind.PRODUCTION, user, releaseId, workflowId, version, definitionJson);
    }

    @Override
    public String load(String user, ReleaseId releaseId, String workflowId, String version, String definitionJson) {
        return load(user, releaseId.value(), workflowId, version, definitionJson);
    }

    @Override
    public void unload(String user, ReleaseId releaseId) {
        unload(user, releaseId.value());
    }

    /** Removes a release from the user's production pod; unknown releases are ignored. */
    public void unload(String user, String releaseId) {
        requireReleaseId(releaseId);
        supervisor(user, PodKind.PRODUCTION).unload(releaseId);
    }

    /**
     * Loads a draft into the user's debug pod, never into the production pod. Debug loads are not
     * saved: after a platform restart the debug pod starts empty.
     *
     * @return the sha256 the pod confirmed for the definition
     */
    public String loadDebug(String user, String draftId, String workflowId, String version, String definitionJson) {
        return loadDebug(user, draftId, workflowId, version, definitionJson, Map.of());
    }

    /**
     * Loads a draft into the user's debug pod with the secret values it gets (also when the debug
     * pod restarts with it loaded), until {@link #unloadDebug}.
     */
    public String loadDebug(String user, String draftId, String workflowId, String version, String definitionJson,
                            Map<String, String> secretValues) {
        requireReleaseId(draftId);
        if (!secretValues.isEmpty()) {
            draftSecrets.put(draftId, Map.copyOf(secretValues));
        }
        try {
            return loadInto(PodKind.DEBUG, user, draftId, workflowId, version, definitionJson);
        } catch (RuntimeException e) {
            draftSecrets.remove(draftId);
            throw e;
        }
    }

    /** Removes a draft from the user's debug pod. */
    public void unloadDebug(String user, String draftId) {
        requireReleaseId(draftId);
        try {
            supervisor(user, PodKind.DEBUG).unload(draftId);
        } finally {
            draftSecrets.remove(draftId);
        }
    }

    /** The production pod's health as the port reports it; does not start the pod. */
    @Override
    public PodHealth health(String user) {
        PodStatus status = status(user);
        return new PodHealth(status.isReady(), status.releases().stream().map(ReleaseId::new)
                .collect(Collectors.toSet()), status.isReady() ? "" : "The pod is " + status.status() + ".");
    }

    /** The production pod's state, process and releases; does not start the pod. */
    public PodStatus status(String user) {
        return supervisor(user, PodKind.PRODUCTION).health();
    }

    /** The debug pod's state; does not start the pod. */
    public PodStatus debugStatus(String user) {
        return supervisor(user, PodKind.DEBUG).health();
    }

    /**
     * Stops the user's production and debug pods. The production pod's releases are kept: they
     * come back when the pod is ensured again, but {@link #restoreAll()} leaves a stopped pod down.
     */
    @Override
    public void stop(String user) {
        requireUser(user);
        requireOpen();
        for (PodKind kind : PodKind.values()) {
            PodKey key = new PodKey(user, kind);
            // A pod saved by an earlier platform run but not restored yet must be marked stopped
            // too, or restoreAll would bring it back.
            if (supervisors.containsKey(key) || store.read(key).isPresent()) {
                supervisor(user, kind).stop();
            }
        }
    }

    /**
     * Ends every pod process a killed platform left behind (found by saved pid or launch marker,
     * also while it was still starting), then starts the production pod of every user whose pod
     * was running when the platform last stopped, with its releases. Starts at most two pods at a time; a pod that fails to start
     * is reported and retried with backoff.
     */
    public RestoreReport restoreAll() {
        requireOpen();
        List<PodSupervisor> toRestore = new ArrayList<>();
        for (String user : store.users(PodKind.DEBUG)) {
            if (USER.matcher(user).matches()) {
                // Not started again (a debug pod starts on the next draft run), but taking it up ends
                // whatever debug pod process a killed platform left behind.
                supervisor(user, PodKind.DEBUG);
            }
        }
        for (String user : store.users(PodKind.PRODUCTION)) {
            if (USER.matcher(user).matches()) {
                PodSupervisor supervisor = supervisor(user, PodKind.PRODUCTION);
                if (supervisor.wantsToRun()) {
                    toRestore.add(supervisor);
                }
            }
        }
        List<RunningPod> restored = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, String> failures = new ConcurrentHashMap<>();
        Semaphore slots = new Semaphore(PARALLEL_RESTORES);
        List<Thread> starters = new ArrayList<>();
        for (PodSupervisor supervisor : toRestore) {
            starters.add(Thread.ofVirtual().name("restore-" + supervisor.key().user()).start(() -> {
                slots.acquireUninterruptibly();
                try {
                    restored.add(supervisor.restore());
                } catch (DomainException e) {
                    failures.put(supervisor.key().user(), e.getMessage());
                } finally {
                    slots.release();
                }
            }));
        }
        for (Thread starter : starters) {
            try {
                starter.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<RunningPod> ordered = new ArrayList<>(restored);
        ordered.sort(Comparator.comparing(RunningPod::user));
        return new RestoreReport(ordered, new LinkedHashMap<>(failures));
    }

    /** Stops every pod; the production pods' releases stay saved for {@link #restoreAll()}. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<Thread> stoppers = new ArrayList<>();
        for (PodSupervisor supervisor : supervisors.values()) {
            stoppers.add(Thread.ofVirtual().start(supervisor::close));
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        client.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already exiting; the hook runs anyway and finds nothing left to kill.
        }
    }

    private String loadInto(PodKind kind, String user, String releaseId, String workflowId, String version,
                            String definitionJson) {
        requireReleaseId(releaseId);
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(version, "version");
        JsonNode definition = parseDefinition(releaseId, definitionJson);
        return supervisor(user, kind).load(releaseId, workflowId, version, definition).sha256();
    }

    private PodSupervisor supervisor(String user, PodKind kind) {
        requireUser(user);
        requireOpen();
        return supervisors.computeIfAbsent(new PodKey(user, kind),
                key -> new PodSupervisor(key, settingsOf(key), client, store, logSink, this::secretsFor));
    }

    /** A user's plan shapes the production pod; debug pods run drafts and keep the platform's settings. */
    private LocalPodSettings settingsOf(PodKey key) {
        if (key.kind() != PodKind.PRODUCTION) {
            return settings;
        }
        return store.readPlan(key.user()).map(settings::withPlan).orElse(settings);
    }

    @Override
    public List<PodSummary> pods() {
        requireOpen();
        SortedSet<PodKey> keys = new TreeSet<>(Comparator.comparing(PodKey::user).thenComparing(PodKey::kind));
        keys.addAll(supervisors.keySet());
        for (PodKind kind : PodKind.values()) {
            for (String user : store.users(kind)) {
                if (USER.matcher(user).matches()) {
                    keys.add(new PodKey(user, kind));
                }
            }
        }
        List<PodSummary> pods = new ArrayList<>();
        for (PodKey key : keys) {
            pods.add(summary(key));
        }
        return pods;
    }

    @Override
    public PodPlan plan(String user) {
        requireUser(user);
        return store.readPlan(user).orElseGet(settings::defaultPlan);
    }

    @Override
    public PodSummary setPlan(String user, PodPlan plan, boolean restartNow) {
        requireUser(user);
        requireOpen();
        Objects.requireNonNull(plan, "plan");
        store.writePlan(user, plan);
        PodKey key = new PodKey(user, PodKind.PRODUCTION);
        PodSupervisor supervisor = supervisor(user, PodKind.PRODUCTION);
        supervisor.replan(settingsOf(key));
        if (restartNow && supervisor.health().pid() > 0) {
            supervisor.stop();
            supervisor.ensureRunning();
        }
        return summary(key);
    }

    private PodSummary summary(PodKey key) {
        PodSupervisor supervisor = supervisor(key.user(), key.kind());
        PodStatus status = supervisor.health();
        PodPlan plan = key.kind() == PodKind.PRODUCTION ? plan(key.user()) : settings.defaultPlan();
        return new PodSummary(key.user(), key.kind().label(), status.status(), status.pid(),
                ProcessMemory.residentBytes(status.pid()), status.inFlight(), status.queued(), status.restarts(),
                status.uptime(), status.releases(), plan, supervisor.planPending());
    }

    private void requireOpen() {
        if (closed.get()) {
            throw DomainException.unavailable("pod.manager-closed", "The pod manager is shut down.",
                    "Create a new pod manager (restart the platform).", null);
        }
    }

    private static void requireUser(String user) {
        if (user == null || !USER.matcher(user).matches()) {
            throw DomainException.badRequest("pod.invalid-user",
                    "The user id '" + user + "' cannot name a pod.",
                    "Use 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
    }

    private static void requireReleaseId(String releaseId) {
        if (releaseId == null || !RELEASE_ID.matcher(releaseId).matches()) {
            throw DomainException.badRequest("pod.invalid-release-id",
                    "The release id '" + releaseId + "' cannot be loaded into a pod.",
                    "Use 1 to 128 letters, digits, '.', '_', '~' or '-', starting with a letter or digit.");
        }
    }

    private static JsonNode parseDefinition(String releaseId, String definitionJson) {
        try {
            JsonNode definition = definitionJson == null ? null : JSON.readTree(definitionJson);
            if (definition == null || !definition.isObject()) {
                throw DomainException.badRequest("pod.invalid-definition",
                        "The definition of release " + releaseId + " is not a JSON object.",
                        "Pass the workflow document as stored in the release.");
            }
            return definition;
        } catch (JsonProcessingException e) {
            throw DomainException.badRequest("pod.invalid-definition",
                    "The definition of release " + releaseId + " is not valid JSON: " + e.getOriginalMessage(),
                    "Pass the workflow document as stored in the release.");
        }
    }
}
