package com.wfp.platform.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * A person's role on a project.
 *
 * @param project the project
 * @param person  the member's person id
 * @param role    the role held
 * @param addedBy who gave it (a principal id)
 * @param addedAt when
 */
public record Membership(ProjectRef project, String person, Role role, String addedBy, Instant addedAt) {

    public Membership {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(person, "person");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(addedBy, "addedBy");
        Objects.requireNonNull(addedAt, "addedAt");
    }
}
