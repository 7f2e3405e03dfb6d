package com.wfp.platform.port;

import com.wfp.platform.access.ApiKey;
import com.wfp.workflow.error.DomainException;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link KeyStore} in a map, for domain tests; it passes the {@link KeyStoreContract}. */
public final class InMemoryKeyStore implements KeyStore {

    private final Map<String, ApiKey> byId = new ConcurrentHashMap<>();
    /** How many times a key was looked up by hash: tests use it to see the cache work. */
    private int hashReads;

    @Override
    public synchronized void create(ApiKey key) {
        if (byId.containsKey(key.id()) || byId.values().stream().anyMatch(k -> k.hash().equals(key.hash()))) {
            throw DomainException.conflict("store.constraint", "Key " + key.id() + " exists", "Use a new id.");
        }
        byId.put(key.id(), key);
    }

    @Override
    public synchronized Optional<ApiKey> byHash(String hash) {
        hashReads++;
        return byId.values().stream().filter(k -> k.hash().equals(hash)).findFirst();
    }

    @Override
    public Optional<ApiKey> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<ApiKey> list(String user, String project) {
        return byId.values().stream()
                .filter(k -> k.scope().user().equals(user) && k.scope().project().equals(project))
                .sorted(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id)).toList();
    }

    @Override
    public synchronized Optional<ApiKey> revoke(String id, Instant at) {
        return Optional.ofNullable(byId.computeIfPresent(id, (i, k) -> k.revokedAt() == null ? k.revoked(at) : k));
    }

    @Override
    public synchronized Optional<ApiKey> replace(String id, String replacedBy, Instant expiresAt) {
        return Optional.ofNullable(byId.computeIfPresent(id, (i, k) -> new ApiKey(k.id(), k.name(), k.environment(),
                k.hash(), k.scope(), k.ratePerSecond(), k.createdBy(), k.createdAt(),
                k.expiresAt() == null || k.expiresAt().isAfter(expiresAt) ? expiresAt : k.expiresAt(), k.revokedAt(),
                k.lastUsedAt(), replacedBy)));
    }

    @Override
    public synchronized void recordUse(List<String> ids, Instant at) {
        for (String id : ids) {
            byId.computeIfPresent(id, (i, k) -> k.lastUsedAt() != null && !k.lastUsedAt().isBefore(at) ? k
                    : new ApiKey(k.id(), k.name(), k.environment(), k.hash(), k.scope(), k.ratePerSecond(),
                    k.createdBy(), k.createdAt(), k.expiresAt(), k.revokedAt(), at, k.replacedBy()));
        }
    }

    /** Lookups by hash so far. */
    public synchronized int hashReads() {
        return hashReads;
    }
}
