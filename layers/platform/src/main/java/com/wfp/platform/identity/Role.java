package com.wfp.platform.identity;

import com.wfp.workflow.error.DomainException;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** A member's role on a project: each role holds the permissions of the one below it and more. */
public enum Role {
    /** Reads. */
    VIEWER(EnumSet.of(Permission.READ)),
    /** Validates, saves drafts, runs them in the debug pod, reads. */
    DEVELOPER(EnumSet.of(Permission.READ, Permission.DRAFT, Permission.DEBUG_RUN)),
    /**
     * A developer who also publishes, moves traffic, rolls back, runs rollouts, manages keys, edits
     * alert rules and manages notification channels.
     */
    MAINTAINER(EnumSet.of(Permission.READ, Permission.DRAFT, Permission.DEBUG_RUN, Permission.PUBLISH,
            Permission.TRAFFIC, Permission.ROLLBACK, Permission.ROLLOUT, Permission.KEYS, Permission.ALERT_RULES,
            Permission.NOTIFY)),
    /** Everything on the project: members, keys, secrets and its audit records too. */
    OWNER(EnumSet.of(Permission.READ, Permission.DRAFT, Permission.DEBUG_RUN, Permission.PUBLISH,
            Permission.TRAFFIC, Permission.ROLLBACK, Permission.ROLLOUT, Permission.KEYS, Permission.MEMBERS,
            Permission.SECRETS, Permission.AUDIT, Permission.ALERT_RULES, Permission.NOTIFY));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }

    /** Whether this role holds {@code permission} on its project. */
    public boolean allows(Permission permission) {
        return permissions.contains(permission);
    }

    /** Lower-case name, as the API and the CLI spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role named {@code text} (any case).
     *
     * @throws DomainException 400 {@code identity.invalid-role} naming the roles there are
     */
    public static Role parse(String text) {
        if (text != null) {
            for (Role role : values()) {
                if (role.name().equalsIgnoreCase(text.strip())) {
                    return role;
                }
            }
        }
        throw DomainException.badRequest("identity.invalid-role", "'" + text + "' is not a role",
                "Give one of owner, maintainer, developer, viewer.");
    }
}
