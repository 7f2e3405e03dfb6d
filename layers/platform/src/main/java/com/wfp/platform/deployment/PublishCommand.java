package com.wfp.platform.deployment;

import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.WorkflowRef;

/**
 * A request to publish a workflow definition as a named release.
 *
 * @param ref            the workflow
 * @param definitionJson the workflow document as sent by the designer (any formatting)
 * @param versionName    the release name, unique within the workflow
 * @param notes          release notes, at most 10,000 characters (null for none)
 * @param strategy       how the release receives traffic (the first release always takes all)
 * @param by             the publishing user
 * @param idempotencyKey the client's retry key, or null
 * @param allowUnchanged false to refuse ({@code publish.unchanged}) a definition identical to a
 *                       release that serves traffic now; true publishes it all the same
 */
public record PublishCommand(WorkflowRef ref, String definitionJson, String versionName, String notes,
                             PublishStrategy strategy, String by, String idempotencyKey, boolean allowUnchanged) {

    /** A publish that goes ahead even when the definition is identical to a live release. */
    public PublishCommand(WorkflowRef ref, String definitionJson, String versionName, String notes,
                          PublishStrategy strategy, String by, String idempotencyKey) {
        this(ref, definitionJson, versionName, notes, strategy, by, idempotencyKey, true);
    }

    public PublishCommand {
        InputRules.required("workflow", ref);
        InputRules.required("definition", definitionJson);
        InputRules.versionName(versionName);
        notes = InputRules.notes(notes);
        InputRules.required("strategy", strategy);
        InputRules.userId("by", by);
    }
}
