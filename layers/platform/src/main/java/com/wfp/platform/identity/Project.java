package com.wfp.platform.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * A project: it belongs to the person its user segment names, who is its owner.
 *
 * @param ref       user and slug
 * @param createdBy the principal id that created it
 * @param createdAt when
 */
public record Project(ProjectRef ref, String createdBy, Instant createdAt) {

    public Project {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The owner's person id. */
    public String owner() {
        return ref.user();
    }
}
