package com.wfp.workflow.engine;

import java.util.Optional;

/**
 * Port: where {@code $secret('name')} reads credential values at run time. Implementations never
 * log the values they return.
 */
public interface SecretProvider {

    /** The value of the named credential, or empty when the store has none. */
    Optional<String> secret(String name);
}
