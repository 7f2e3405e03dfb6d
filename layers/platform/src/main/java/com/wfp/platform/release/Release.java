package com.wfp.platform.release;

import com.wfp.workflow.error.DomainException;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One immutable, named snapshot of a workflow definition. Once created it never changes; traffic
 * reaches it only through the workflow's routing config.
 *
 * @param id               globally unique id
 * @param ref              the workflow it belongs to
 * @param seq              1, 2, 3... in creation order within the workflow, assigned by the store
 * @param versionName      the name the developer chose, unique within the workflow
 * @param notes            release notes (may be empty)
 * @param definition       the workflow document as canonical JSON text
 * @param sha256           lower-case hex sha256 of {@code definition}, the release fingerprint
 * @param validationReport the validation report at publish time, as JSON text
 * @param createdBy        user id of the publisher
 * @param createdAt        when the snapshot was taken
 */
public record Release(ReleaseId id, WorkflowRef ref, long seq, String versionName, String notes, String definition,
                      String sha256, String validationReport, String createdBy, Instant createdAt) {

    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public Release {
        InputRules.required("release id", id);
        InputRules.required("workflow", ref);
        if (seq < 1) {
            throw DomainException.badRequest("input.invalid-seq", "A release sequence number starts at 1, got " + seq,
                    "Let the store assign the sequence number.");
        }
        InputRules.versionName(versionName);
        notes = InputRules.notes(notes);
        InputRules.required("definition", definition);
        requireSha256(sha256);
        InputRules.required("validation report", validationReport);
        InputRules.userId("createdBy", createdBy);
        InputRules.required("createdAt", createdAt);
    }

    static void requireSha256(String sha256) {
        InputRules.required("sha256", sha256);
        if (!SHA256.matcher(sha256).matches()) {
            throw DomainException.badRequest("input.invalid-sha256", "'" + InputRules.abbreviate(sha256) + "' is not a sha256",
                    "Give the fingerprint as 64 lower-case hex digits.");
        }
    }
}
