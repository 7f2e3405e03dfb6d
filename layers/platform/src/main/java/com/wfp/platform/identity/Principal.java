package com.wfp.platform.identity;

import java.util.Objects;

/**
 * Who a control call comes from, as authenticated: the platform's administrator, a person (by a
 * personal access token or an OIDC token), or nobody.
 *
 * @param id         the admin's {@value #ADMIN_ID}, a person's id, or {@value #ANONYMOUS_ID}; never a secret
 * @param kind       what kind of principal it is
 * @param credential the id of the credential presented (a token id, {@code jwt}), never the credential; may be null
 */
public record Principal(String id, Kind kind, String credential) {

    /** The admin token's principal id. */
    public static final String ADMIN_ID = "admin";
    /** The id of a call without a credential. */
    public static final String ANONYMOUS_ID = "anonymous";

    /** What kind of principal. */
    public enum Kind { ADMIN, PERSON, ANONYMOUS }

    public Principal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
    }

    /** The bootstrap administrator, who may do everything. */
    public static Principal admin() {
        return new Principal(ADMIN_ID, Kind.ADMIN, null);
    }

    /** A call that presented no credential. */
    public static Principal anonymous() {
        return new Principal(ANONYMOUS_ID, Kind.ANONYMOUS, null);
    }

    /** A person, authenticated by the credential with this id. */
    public static Principal person(String id, String credential) {
        return new Principal(id, Kind.PERSON, credential);
    }

    /** Whether this is the administrator. */
    public boolean isAdmin() {
        return kind == Kind.ADMIN;
    }
}
