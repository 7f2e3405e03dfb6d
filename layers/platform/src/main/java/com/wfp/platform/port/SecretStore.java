package com.wfp.platform.port;

import com.wfp.platform.secrets.StoredSecret;

import java.util.List;
import java.util.Optional;

/**
 * Where project secrets are kept, sealed: the store only ever sees ciphertext, and the key that
 * opens it lives outside the store. Implementations translate their engine's failures into
 * {@code DomainException}s with the {@code store.*} codes.
 */
public interface SecretStore {

    /** Stores the secret, replacing the one of the same project and name. */
    void put(StoredSecret secret);

    /** The project's secret of this name. */
    Optional<StoredSecret> find(String user, String project, String name);

    /** Every secret of the project, by name. */
    List<StoredSecret> list(String user, String project);

    /**
     * Deletes the project's secret of this name.
     *
     * @return whether there was one
     */
    boolean delete(String user, String project, String name);
}
