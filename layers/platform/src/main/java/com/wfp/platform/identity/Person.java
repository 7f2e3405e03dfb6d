package com.wfp.platform.identity;

import com.wfp.platform.release.InputRules;
import com.wfp.workflow.error.DomainException;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Someone who uses the control API. A person's id is also their user segment in paths: the
 * projects under {@code /{id}/...} are theirs.
 *
 * @param id        a slug, unique on the platform
 * @param name      a display name (may equal the id)
 * @param createdAt when the person was added
 */
public record Person(String id, String name, Instant createdAt) {

    /** Ids that name principals which are not people, so no person may take them. */
    public static final Set<String> RESERVED_IDS = Set.of(Principal.ADMIN_ID, Principal.ANONYMOUS_ID);

    public Person {
        InputRules.slug("person id", id);
        if (RESERVED_IDS.contains(id)) {
            throw DomainException.badRequest("identity.reserved-id", "'" + id + "' is reserved for the platform",
                    "Choose another id for the person.");
        }
        name = name == null || name.isBlank() ? id : name.strip();
        if (name.length() > 200) {
            throw DomainException.badRequest("identity.invalid-name", "A person's name is at most 200 characters",
                    "Shorten the name.");
        }
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
