package com.wfp.platform.port;

import com.wfp.platform.release.ReleaseId;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.model.CanonicalJson;

import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Pods as maps in memory: each user's pod is a set of loaded releases with their definitions.
 * It also runs dry runs against what it holds. Failures are injected per operation, so tests can
 * break one publish step at a time.
 */
public final class InMemoryPodManager implements PodManager, DryRun, PodInvoker {

    private final Map<String, PodEndpoint> pods = new HashMap<>();
    private final Map<String, Map<ReleaseId, String>> loaded = new HashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private RuntimeException ensureFailure;
    private RuntimeException loadFailure;
    private boolean alterDefinitionsOnLoad;
    private boolean unhealthy;
    private int dryRunStatus = 200;
    private int runStatus = 200;
    private int podsStarted;
    private long coldStartMillis;

    /** The next {@link #ensurePod} calls throw this. */
    public synchronized InMemoryPodManager failEnsurePod(RuntimeException failure) {
        ensureFailure = failure;
        return this;
    }

    /** Starting a pod (an {@link #ensurePod} that finds none running) takes this long, as a real cold start does. */
    public synchronized InMemoryPodManager coldStartTakes(java.time.Duration duration) {
        coldStartMillis = duration.toMillis();
        return this;
    }

    /** The next {@link #load} calls throw this. */
    public synchronized InMemoryPodManager failLoad(RuntimeException failure) {
        loadFailure = failure;
        return this;
    }

    /** Loads store a changed definition, as if it were altered in transit, so the sha256 differs. */
    public synchronized InMemoryPodManager alterDefinitionsOnLoad() {
        alterDefinitionsOnLoad = true;
        return this;
    }

    /** Health checks report the pod unhealthy. */
    public synchronized InMemoryPodManager reportUnhealthy() {
        unhealthy = true;
        return this;
    }

    /** Dry runs answer with this status. */
    public synchronized InMemoryPodManager answerDryRunsWith(int status) {
        dryRunStatus = status;
        return this;
    }

    /** The releases the user's pod holds. */
    public synchronized Set<ReleaseId> loaded(String user) {
        return Set.copyOf(loaded.getOrDefault(user, Map.of()).keySet());
    }

    /** How many pods were started. */
    public synchronized int podsStarted() {
        return podsStarted;
    }

    /** The operations called, in order, such as {@code load alice rel-...}. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized PodEndpoint ensurePod(String user) {
        calls.add("ensurePod " + user);
        if (ensureFailure != null) {
            throw ensureFailure;
        }
        if (!pods.containsKey(user) && coldStartMillis > 0) {
            try {
                Thread.sleep(coldStartMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return pods.computeIfAbsent(user, u -> {
            podsStarted++;
            loaded.put(u, new HashMap<>());
            return new PodEndpoint(URI.create("http://127.0.0.1:" + (40000 + pods.size())), "token-" + u);
        });
    }

    @Override
    public synchronized String load(String user, ReleaseId releaseId, String workflowId, String version, String definitionJson) {
        calls.add("load " + user + " " + releaseId);
        if (loadFailure != null) {
            throw loadFailure;
        }
        Map<ReleaseId, String> held = requirePod(user);
        String stored = alterDefinitionsOnLoad ? definitionJson + " " : definitionJson;
        held.put(releaseId, stored);
        return CanonicalJson.sha256Hex(stored);
    }

    /**
     * Runs a production call: 404 {@code release.not-loaded} when the user's pod does not hold the
     * release, otherwise 200 with {@code {"releaseId","shadow","input"}} and the header
     * {@code X-Pod: in-memory}, or {@link #answerRunsWith the chosen status}.
     */
    @Override
    public synchronized PodAnswer invoke(PodCall call) {
        calls.add("run " + call.user() + " " + call.releaseId() + (call.shadow() ? " shadow" : ""));
        if (ensureFailure != null) {
            throw ensureFailure;
        }
        if (!loaded.getOrDefault(call.user(), Map.of()).containsKey(call.releaseId())) {
            return new PodAnswer(404, Map.of("Content-Type", List.of("application/json")),
                    ("{\"error\":{\"code\":\"" + PodAnswer.RELEASE_NOT_LOADED + "\",\"message\":\"not held\"}}")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String body = "{\"releaseId\":\"" + call.releaseId() + "\",\"shadow\":" + call.shadow() + ",\"input\":"
                + (call.body().length == 0 ? "null" : new String(call.body(), java.nio.charset.StandardCharsets.UTF_8))
                + "}";
        return new PodAnswer(runStatus, Map.of("Content-Type", List.of("application/json"), "X-Pod", List.of("in-memory")),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Production calls to held releases answer with this status. */
    public synchronized InMemoryPodManager answerRunsWith(int status) {
        runStatus = status;
        return this;
    }

    @Override
    public synchronized void unload(String user, ReleaseId releaseId) {
        calls.add("unload " + user + " " + releaseId);
        Map<ReleaseId, String> held = loaded.get(user);
        if (held != null) {
            held.remove(releaseId);
        }
    }

    @Override
    public synchronized PodHealth health(String user) {
        calls.add("health " + user);
        Map<ReleaseId, String> held = requirePod(user);
        return new PodHealth(!unhealthy, new HashSet<>(held.keySet()), unhealthy ? "out of memory" : "");
    }

    @Override
    public synchronized void stop(String user) {
        calls.add("stop " + user);
        pods.remove(user);
        loaded.remove(user);
    }

    @Override
    public synchronized Result run(PodEndpoint pod, ReleaseId releaseId, String exampleInputJson) {
        calls.add("dryRun " + releaseId + " " + exampleInputJson);
        boolean held = loaded.values().stream().anyMatch(m -> m.containsKey(releaseId));
        if (!held) {
            return new Result(404, "{\"error\":\"release not loaded\"}");
        }
        return new Result(dryRunStatus, dryRunStatus < 300 ? "{\"ok\":true}" : "{\"error\":\"node 'lookup' failed\"}");
    }

    private Map<ReleaseId, String> requirePod(String user) {
        Map<ReleaseId, String> held = loaded.get(user);
        if (held == null) {
            throw DomainException.unavailable("pod.not-running", "The pod of " + user + " is not running",
                    "Publish again to start it.", null);
        }
        return held;
    }
}
