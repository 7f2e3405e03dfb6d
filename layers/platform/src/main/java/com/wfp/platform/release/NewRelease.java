package com.wfp.platform.release;

import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.model.CanonicalJson;

import java.time.Instant;

/**
 * What a publisher asks the store to snapshot; the store adds the id and the sequence number.
 * The fingerprint is always computed from the definition, so it cannot disagree with it.
 *
 * @param definition the workflow document as canonical JSON text ({@link CanonicalJson#of})
 */
public record NewRelease(WorkflowRef ref, String versionName, String notes, String definition, String sha256,
                         String validationReport, String createdBy, Instant createdAt) {

    public NewRelease {
        InputRules.required("workflow", ref);
        InputRules.versionName(versionName);
        notes = InputRules.notes(notes);
        InputRules.required("definition", definition);
        Release.requireSha256(sha256);
        InputRules.required("validation report", validationReport);
        InputRules.userId("createdBy", createdBy);
        InputRules.required("createdAt", createdAt);
        if (!sha256.equals(CanonicalJson.sha256Hex(definition))) {
            throw DomainException.badRequest("input.sha256-mismatch",
                    "The sha256 does not match the definition it fingerprints",
                    "Build the request with NewRelease.of, which computes the fingerprint from the definition.");
        }
    }

    /** A new release whose fingerprint is computed from the canonical definition. */
    public static NewRelease of(WorkflowRef ref, String versionName, String notes, String canonicalDefinition,
                                String validationReport, String createdBy, Instant createdAt) {
        InputRules.required("definition", canonicalDefinition);
        return new NewRelease(ref, versionName, notes, canonicalDefinition, CanonicalJson.sha256Hex(canonicalDefinition),
                validationReport, createdBy, createdAt);
    }

    /** The release this request becomes once the store has given it an id and a sequence number. */
    public Release toRelease(ReleaseId id, long seq) {
        return new Release(id, ref, seq, versionName, notes, definition, sha256, validationReport, createdBy, createdAt);
    }
}
