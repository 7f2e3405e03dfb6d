package com.wfp.platform.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.platform.port.DraftRunner;
import com.wfp.platform.port.DraftStore;
import com.wfp.platform.port.ReleaseCatalogue;
import com.wfp.platform.port.RoutingStore;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.model.CanonicalJson;
import com.wfp.workflow.model.WorkflowParser;

import java.time.Clock;
import java.util.Optional;

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

    private final DraftStore draftStore;
    private final ReleaseCatalogue catalogue;
    private final RoutingStore routingStore;
    private final DraftRunner runner;
    private final Clock clock;
    private final WorkflowParser parser = new WorkflowParser();

    public DraftService(DraftStore draftStore, ReleaseCatalogue catalogue, RoutingStore routingStore, DraftRunner runner, Clock clock) {
        this.draftStore = draftStore;
        this.catalogue = catalogue;
        this.routingStore = routingStore;
        this.runner = runner;
        this.clock = clock;
    }

    /** Saves the document as the workflow's draft, replacing the previous one. */
    public Saved save(WorkflowRef ref, String documentJson, String by) {
        Draft saved = draftStore.saveDraft(Draft.of(ref, canonical(documentJson), by, clock.instant()));
        return new Saved(saved, differsFromLive(saved));
    }

    /**
     * True when the draft's sha256 differs from the release taking most traffic (the "live" one),
     * or when nothing is live.
     */
    private boolean differsFromLive(Draft draft) {
        Optional<String> liveSha = routingStore.routing(draft.ref()).mostTraffic().flatMap(catalogue::release)
                .map(Release::sha256);
        return liveSha.map(sha -> !sha.equals(draft.sha256())).orElse(true);
    }

    /**
     * The workflow's draft.
     *
     * @throws DomainException 404 {@code draft.not-found}
     */
    public Saved get(WorkflowRef ref) {
        Draft draft = draftStore.draft(ref).orElseThrow(() -> DomainException.notFound("draft.not-found",
                "Workflow " + ref + " has no saved draft",
                "Save one with PUT /api/v1/workflows/" + ref.path() + "/draft, or pass the definition to run."));
        return new Saved(draft, differsFromLive(draft));
    }

    /**
     * Runs {@code definitionJson}, or the saved draft when it is null, once in the debug pod, with
     * {@code inputJson} as input, or the trigger's {@code example} when it is null (JSON null
     * when the trigger has none), as the publish dry run does.
     *
     * @throws DomainException 404 {@code draft.not-found} without a definition and without a draft
     */
    public DraftRunner.Result run(WorkflowRef ref, String definitionJson, String inputJson) {
        return run(ref, definitionJson, inputJson, false);
    }

    /**
     * Runs it as {@link #run(WorkflowRef, String, String)} does and, when {@code withSecrets},
     * with the project's values of the credentials it declares, masked in what comes back.
     * Whoever may publish gets them: a published release of the same definition would read them.
     */
    public DraftRunner.Result run(WorkflowRef ref, String definitionJson, String inputJson, boolean withSecrets) {
        String definition = definitionJson == null ? get(ref).draft().definition() : canonical(definitionJson);
        String input = inputJson != null ? inputJson : TriggerExample.of(parser.readTree(definition)).orElse("null");
        return runner.run(ref, definition, input, withSecrets);
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
