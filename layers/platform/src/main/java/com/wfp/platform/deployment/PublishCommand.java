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
 */
public record PublishCommand(WorkflowRef ref, String definitionJson, String versionName, String notes,
                             PublishStrategy strategy, String by, String idempotencyKey) {

    public PublishCommand {
        InputRules.required("workflow", ref);
        InputRules.required("definition", definitionJson);
        InputRules.versionName(versionName);
        notes = InputRules.notes(notes);
        InputRules.required("strategy", strategy);
        InputRules.userId("by", by);
    }
}
