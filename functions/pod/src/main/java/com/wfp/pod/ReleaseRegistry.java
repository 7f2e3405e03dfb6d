package com.wfp.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.workflow.engine.ExecutableWorkflow;
import com.wfp.workflow.engine.WorkflowEngine;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.model.CanonicalJson;
import com.wfp.workflow.model.Workflow;
import com.wfp.workflow.model.WorkflowParser;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The releases a pod serves, by release id. Releases are immutable: loading an id again with the same
 * definition is a no-op, with a different one a conflict.
 */
public final class ReleaseRegistry {

    /** The outcome of a load: the release and whether this call added it. */
    public record LoadOutcome(LoadedRelease release, boolean added) {
    }


    private final ConcurrentHashMap<String, LoadedRelease> releases = new ConcurrentHashMap<>();
    private final WorkflowEngine engine;
    private final WorkflowParser parser;
    private final Clock clock;

    public ReleaseRegistry(WorkflowEngine engine, WorkflowParser parser, Clock clock) {
        this.engine = engine;
        this.parser = parser;
        this.clock = clock;
    }

    /** Checks a release id taken from a path, so it can be echoed safely in messages and headers. */
    public static String requireValidId(String releaseId) {
        if (!isValidId(releaseId)) {
            throw DomainException.badRequest("release.invalid-id",
                    "\"" + abbreviate(releaseId) + "\" is not a valid release id",
                    "Use 1 to 128 letters, digits, dots, dashes or underscores, starting with a letter or digit.");
        }
        return releaseId;
    }

    /** {@code [A-Za-z0-9][A-Za-z0-9._-]{0,127}}, checked without a regex because every run checks it. */
    private static boolean isValidId(String id) {
        if (id.isEmpty() || id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses, prepares and adds a release. A definition that cannot run is a 422 with the parser's or
     * engine's code and hint; the same id with another definition is a 409.
     */
    public LoadOutcome load(String releaseId, String workflowId, String version, JsonNode definition) {
        return load(releaseId, workflowId, version, definition, Map.of());
    }

    /**
     * As {@link #load(String, String, String, JsonNode)}, with the values of the release's declared
     * credentials; loading the same release again replaces them (a changed secret reaches a running
     * release by its next load).
     */
    public LoadOutcome load(String releaseId, String workflowId, String version, JsonNode definition,
                            Map<String, String> secrets) {
        requireValidId(releaseId);
        String sha256 = CanonicalJson.sha256(definition);
        LoadedRelease existing = releases.get(releaseId);
        if (existing != null) {
            LoadedRelease same = sameOrConflict(existing, workflowId, version, sha256);
            same.secrets().set(Map.copyOf(secrets));
            return new LoadOutcome(same, false);
        }
        Workflow workflow;
        try {
            workflow = parser.parseTree(definition);
        } catch (DomainException e) {
            // The envelope was fine; the definition inside it is what cannot be processed.
            throw new DomainException(e.code(), 422, e.getMessage(), e.hint(), e);
        }
        if (!workflow.id().equals(workflowId)) {
            throw DomainException.unprocessable("release.workflow-mismatch",
                    "The release names workflow \"" + workflowId + "\" but its definition has id \"" + workflow.id() + "\"",
                    "Send the definition of workflow " + workflowId + ", or set workflowId to " + workflow.id() + ".");
        }
        ExecutableWorkflow executable = engine.prepare(workflow, releaseId, version);
        LoadedRelease candidate = new LoadedRelease(releaseId, workflowId, version, sha256, clock.instant(), executable,
                new LongAdder(), new AtomicReference<>(Map.copyOf(secrets)));
        LoadedRelease winner = releases.putIfAbsent(releaseId, candidate);
        if (winner != null) {
            LoadedRelease same = sameOrConflict(winner, workflowId, version, sha256);
            same.secrets().set(Map.copyOf(secrets));
            return new LoadOutcome(same, false);
        }
        return new LoadOutcome(candidate, true);
    }

    private static LoadedRelease sameOrConflict(LoadedRelease existing, String workflowId, String version, String sha256) {
        if (existing.sha256().equals(sha256) && existing.workflowId().equals(workflowId)
                && existing.version().equals(version)) {
            return existing;
        }
        throw DomainException.conflict("release.immutable",
                "Release " + existing.releaseId() + " is already loaded as " + existing.workflowId() + " "
                        + existing.version() + " with sha256 " + existing.sha256() + "; releases cannot change",
                "Publish the changed definition as a new release with its own id, or unload this one first.");
    }

    /** The release, or a 404 naming it. */
    public LoadedRelease require(String releaseId) {
        LoadedRelease release = releases.get(releaseId);
        if (release == null) {
            throw notLoaded(releaseId);
        }
        return release;
    }

    /** Removes a release, or throws a 404 naming it. */
    public LoadedRelease unload(String releaseId) {
        requireValidId(releaseId);
        LoadedRelease removed = releases.remove(releaseId);
        if (removed == null) {
            throw notLoaded(releaseId);
        }
        return removed;
    }

    /** All loaded releases, oldest first. */
    public List<LoadedRelease> list() {
        List<LoadedRelease> all = new ArrayList<>(releases.values());
        all.sort(Comparator.comparing(LoadedRelease::loadedAt).thenComparing(LoadedRelease::releaseId));
        return all;
    }

    private static DomainException notLoaded(String releaseId) {
        return DomainException.notFound("release.not-loaded", "Release " + abbreviate(releaseId) + " is not loaded on this pod",
                "Load it with PUT /releases/" + abbreviate(releaseId) + " (publishing does this), or check the release id.");
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > 64 ? printable.substring(0, 64) + "..." : printable;
    }
}
