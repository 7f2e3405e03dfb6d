package com.wfp.platform.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.platform.port.DraftRunner;
import com.wfp.platform.port.ReleaseStore;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.model.CanonicalJson;
import com.wfp.workflow.model.WorkflowParser;

import java.time.Clock;

/**
 * The designer's working copy of a workflow: saves it (any state, even invalid, as long as it is
 * a JSON document), reads it back, and runs it once in the user's debug pod.
 */
public final class DraftService {

    /**
     * A draft as saved.
     *
     * @param draft           the stored draft
     * @param differsFromLive true when it differs from the release taking most traffic, or nothing is live
     */
    public record Saved(Draft draft, boolean differsFromLive) {
    }

    private final ReleaseStore store;
    private final DraftRunner runner;
    private final Clock clock;
    private final WorkflowParser parser = new WorkflowParser();

    public DraftService(ReleaseStore store, DraftRunner runner, Clock clock) {
        this.store = store;
        this.runner = runner;
        this.clock = clock;
    }

    /** Saves the document as the workflow's draft, replacing the previous one. */
    public Saved save(WorkflowRef ref, String documentJson, String by) {
        Draft saved = store.saveDraft(Draft.of(ref, canonical(documentJson), by, clock.instant()));
        return new Saved(saved, store.draftDiffersFromLive(ref));
    }

    /**
     * The workflow's draft.
     *
     * @throws DomainException 404 {@code draft.not-found}
     */
    public Saved get(WorkflowRef ref) {
        Draft draft = store.draft(ref).orElseThrow(() -> DomainException.notFound("draft.not-found",
                "Workflow " + ref + " has no saved draft",
                "Save one with PUT /api/v1/workflows/" + ref.path() + "/draft, or pass the definition to run."));
        return new Saved(draft, store.draftDiffersFromLive(ref));
    }

    /**
     * Runs {@code definitionJson}, or the saved draft when it is null, once in the debug pod.
     *
     * @throws DomainException 404 {@code draft.not-found} without a definition and without a draft
     */
    public DraftRunner.Result run(WorkflowRef ref, String definitionJson, String inputJson) {
        String definition = definitionJson == null ? get(ref).draft().definition() : canonical(definitionJson);
        return runner.run(ref, definition, inputJson == null ? "null" : inputJson);
    }

    private String canonical(String documentJson) {
        JsonNode tree = parser.readTree(documentJson);
        if (tree == null || !tree.isObject()) {
            throw DomainException.badRequest("draft.not-an-object", "A workflow document is a JSON object",
                    "Send the workflow document as the designer exports it: {\"id\": ..., \"nodes\": [...], ...}.");
        }
        return CanonicalJson.of(tree);
    }
}
