package com.wfp.platform.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * A person's access token to the control API, as stored: its hash, never the token.
 *
 * @param id         {@code pat_} and 16 random characters; safe to show and log
 * @param person     whose token it is
 * @param name       what the person called it
 * @param hash       the SHA-256 of the token
 * @param createdAt  when it was made
 * @param expiresAt  when it stops working, or null for never
 * @param revokedAt  when it was revoked, or null
 */
public record PersonalAccessToken(String id, String person, String name, String hash, Instant createdAt,
                                  Instant expiresAt, Instant revokedAt) {

    public PersonalAccessToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(person, "person");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether the token authenticates at {@code now}. */
    public boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** This token revoked at {@code at}. */
    public PersonalAccessToken revoked(Instant at) {
        return revokedAt != null ? this : new PersonalAccessToken(id, person, name, hash, createdAt, expiresAt, at);
    }
}
