package com.wfp.platform.port;

import com.wfp.platform.access.ApiKey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where API keys are kept: each by its id and the SHA-256 of its secret, never the secret itself.
 * Implementations translate their engine's failures into {@code DomainException}s with the
 * {@code store.*} codes.
 */
public interface KeyStore {

    /**
     * Stores a new key.
     *
     * @throws com.wfp.workflow.error.DomainException 409 {@code store.constraint} when the id or hash exists
     */
    void create(ApiKey key);

    /** The key whose secret hashes to {@code hash}, revoked and expired ones included. */
    Optional<ApiKey> byHash(String hash);

    /** The key with this id. */
    Optional<ApiKey> byId(String id);

    /** Every key of the project, oldest first. */
    List<ApiKey> list(String user, String project);

    /**
     * Marks the key revoked at {@code at}; a key already revoked keeps its first revocation time.
     *
     * @return the key as now stored, or empty when there is none with this id
     */
    Optional<ApiKey> revoke(String id, Instant at);

    /**
     * Ends a rotated key: it now expires at {@code expiresAt} (never later than it already did)
     * and names the key that replaced it.
     *
     * @return the key as now stored, or empty when there is none with this id
     */
    Optional<ApiKey> replace(String id, String replacedBy, Instant expiresAt);

    /** Records that the keys were used at {@code at} (a minute's resolution is enough). */
    void recordUse(List<String> ids, Instant at);
}
