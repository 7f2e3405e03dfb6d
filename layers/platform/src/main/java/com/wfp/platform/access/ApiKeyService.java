package com.wfp.platform.access;

import com.wfp.platform.port.KeyStore;
import com.wfp.platform.release.InputRules;
import com.wfp.workflow.error.DomainException;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Creates, lists, revokes and rotates API keys. A key's secret is generated here, returned once
 * and stored only as its hash. Every revocation or rotation is told to {@code changed} (the
 * authorizer's cache), so it takes effect from the very next request in this process.
 */
public final class ApiKeyService {

    /** How long a rotated key keeps working beside its replacement unless told otherwise. */
    public static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);
    /** The longest overlap a rotation may give. */
    public static final Duration MAX_OVERLAP = Duration.ofDays(7);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyStore store;
    private final Clock clock;
    private final Consumer<ApiKey> changed;

    /**
     * @param changed told about every key revoked or rotated, with the key as now stored
     */
    public ApiKeyService(KeyStore store, Clock clock, Consumer<ApiKey> changed) {
        this.store = store;
        this.clock = clock;
        this.changed = changed;
    }

    /** Creates a key; the result's secret is shown once and never again. */
    public CreatedApiKey create(NewApiKey request, String by) {
        InputRules.userId("by", by);
        String secret = ApiKeyFormat.generate(request.environment());
        Instant now = clock.instant();
        ApiKey key = new ApiKey(newId(), request.name(), request.environment(), ApiKeyFormat.hash(secret),
                request.scope(), request.ratePerSecond(), by, now,
                request.lifetime() == null ? null : now.plus(request.lifetime()), null, null, null);
        store.create(key);
        return new CreatedApiKey(key, secret);
    }

    /** The project's keys, oldest first; never their secrets. */
    public List<ApiKey> list(String user, String project) {
        return store.list(InputRules.slug("user", user), InputRules.slug("project", project));
    }

    /**
     * The key with this id.
     *
     * @throws DomainException 404 {@code key.not-found}
     */
    public ApiKey get(String id) {
        if (!ApiKey.validId(id)) {
            throw notFound(id);
        }
        return store.byId(id).orElseThrow(() -> notFound(id));
    }

    /** Revokes the key: refused from the next request on. Revoking twice keeps the first time. */
    public ApiKey revoke(String id) {
        get(id);
        ApiKey revoked = store.revoke(id, clock.instant()).orElseThrow(() -> notFound(id));
        changed.accept(revoked);
        return revoked;
    }

    /**
     * Replaces the key by a new one with the same name, scope and rate; the old one keeps working
     * for {@code overlap} (bounded by {@link #MAX_OVERLAP} and by its own expiry), then stops.
     *
     * @throws DomainException 409 {@code key.inactive} when the key is revoked or expired
     */
    public CreatedApiKey rotate(String id, Duration overlap, String by) {
        Duration within = overlap == null ? DEFAULT_OVERLAP : overlap;
        if (within.isNegative() || within.compareTo(MAX_OVERLAP) > 0) {
            throw DomainException.badRequest("key.invalid-overlap", "A rotation's overlap must be between 0 and "
                    + MAX_OVERLAP.toDays() + " days, got " + within, "Give the overlap as 24h, 2d or 0s.");
        }
        ApiKey old = get(id);
        Instant now = clock.instant();
        if (!old.activeAt(now)) {
            throw DomainException.conflict("key.inactive", "Key " + id + " is revoked or expired, so it cannot be rotated",
                    "Create a new key with `wfp keys create`.");
        }
        Duration remaining = old.expiresAt() == null ? null : Duration.between(now, old.expiresAt());
        CreatedApiKey fresh = create(new NewApiKey(old.name(), old.environment(), old.scope(),
                remaining == null || remaining.isZero() ? null : remaining, old.ratePerSecond()), by);
        ApiKey ended = store.replace(id, fresh.key().id(), now.plus(within)).orElseThrow(() -> notFound(id));
        changed.accept(ended);
        return fresh;
    }

    private static DomainException notFound(String id) {
        return DomainException.notFound("key.not-found", "There is no API key " + id,
                "`wfp keys list` shows the project's keys and their ids.");
    }

    private static String newId() {
        StringBuilder id = new StringBuilder("key_");
        for (int i = 0; i < 16; i++) {
            id.append(ApiKeyFormat.BASE62.charAt(RANDOM.nextInt(ApiKeyFormat.BASE62.length())));
        }
        return id.toString();
    }
}
