package com.wfp.platform.access;

import com.wfp.platform.release.InputRules;
import com.wfp.workflow.error.DomainException;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A stored API key: everything about it but the key itself, of which only the SHA-256 is kept.
 *
 * @param id          public id, such as {@code key_4f8Qw1...}: what lists, audits and revocations name
 * @param name        what the owner called it
 * @param environment live or test, as its prefix says
 * @param hash        lower-case hex SHA-256 of the key
 * @param scope       where it works
 * @param ratePerSecond calls per second allowed, 0 for no limit
 * @param createdBy   who created it
 * @param createdAt   when
 * @param expiresAt   when it stops working, or null for never
 * @param revokedAt   when it was revoked, or null
 * @param lastUsedAt  the last call it authorized (to the minute), or null
 * @param replacedBy  the id of the key that replaced it by rotation, or null
 */
public record ApiKey(String id, String name, ApiKeyFormat.Environment environment, String hash, KeyScope scope,
                     int ratePerSecond, String createdBy, Instant createdAt, Instant expiresAt, Instant revokedAt,
                     Instant lastUsedAt, String replacedBy) {

    private static final Pattern ID = Pattern.compile("key_[0-9A-Za-z]{16}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9 ._-]{1,64}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    public ApiKey {
        if (id == null || !ID.matcher(id).matches()) {
            throw DomainException.badRequest("key.invalid-id", "'" + id + "' is not a key id",
                    "Key ids look like key_ followed by 16 letters and digits; `wfp keys list` shows them.");
        }
        name(name);
        InputRules.required("environment", environment);
        if (hash == null || !HASH.matcher(hash).matches()) {
            throw DomainException.badRequest("key.invalid-hash", "A key is stored by its SHA-256 only",
                    "Store ApiKeyFormat.hash(key), never the key.");
        }
        InputRules.required("scope", scope);
        if (ratePerSecond < 0) {
            throw DomainException.badRequest("key.invalid-rate", "A rate limit cannot be negative: " + ratePerSecond,
                    "Give calls per second as N/s with N >= 1, or leave the rate out.");
        }
        InputRules.userId("createdBy", createdBy);
        InputRules.required("createdAt", createdAt);
    }

    /** Checks a key's name. */
    public static String name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw DomainException.badRequest("key.invalid-name", "'" + name + "' is not a key name",
                    "Name a key with 1 to 64 letters, digits, spaces, dots, dashes or underscores.");
        }
        return name;
    }

    /** True when the id has a key id's shape. */
    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** True when the key works at {@code now}: not revoked and not expired. */
    public boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** This key revoked at {@code at}. */
    public ApiKey revoked(Instant at) {
        return new ApiKey(id, name, environment, hash, scope, ratePerSecond, createdBy, createdAt, expiresAt, at,
                lastUsedAt, replacedBy);
    }
}
