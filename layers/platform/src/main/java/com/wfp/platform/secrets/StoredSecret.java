package com.wfp.platform.secrets;

import java.time.Instant;
import java.util.Objects;

/**
 * One project secret as a store keeps it: its value sealed (AES-256-GCM, see {@link SecretSealer}),
 * never in plain text.
 *
 * @param user      the project's user
 * @param project   the project
 * @param name      the name {@code $secret('name')} and the workflow's {@code credentials} use
 * @param sealed    the sealed value: a version tag, the nonce and the ciphertext with its tag
 * @param updatedAt when the value was last set
 */
public record StoredSecret(String user, String project, String name, String sealed, Instant updatedAt) {

    public StoredSecret {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    @Override
    public String toString() {
        return "StoredSecret[" + user + "/" + project + " " + name + " updated " + updatedAt + "]";
    }
}
