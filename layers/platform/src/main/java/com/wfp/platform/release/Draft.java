package com.wfp.platform.release;

import com.wfp.workflow.model.CanonicalJson;

import java.time.Instant;

/**
 * The one working copy of a workflow that is not yet (or differs from what is) in production.
 * Saving a draft replaces the previous one; drafts never receive traffic.
 *
 * @param definition the workflow document as canonical JSON text
 * @param sha256     its fingerprint, comparable with {@link Release#sha256()}
 */
public record Draft(WorkflowRef ref, String definition, String sha256, String savedBy, Instant savedAt) {

    public Draft {
        InputRules.required("workflow", ref);
        InputRules.required("definition", definition);
        Release.requireSha256(sha256);
        InputRules.userId("savedBy", savedBy);
        InputRules.required("savedAt", savedAt);
    }

    /** A draft whose fingerprint is computed from the canonical definition. */
    public static Draft of(WorkflowRef ref, String canonicalDefinition, String savedBy, Instant savedAt) {
        InputRules.required("definition", canonicalDefinition);
        return new Draft(ref, canonicalDefinition, CanonicalJson.sha256Hex(canonicalDefinition), savedBy, savedAt);
    }
}
