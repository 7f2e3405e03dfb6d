package com.wfp.workflow.secrets;

import com.wfp.workflow.engine.SecretProvider;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The local {@link SecretProvider}: secrets decrypted once at start-up from a
 * {@link SecretStoreFile}. Opening fails fast, with a message naming the key file or environment
 * variable to set, when the key is missing or wrong. Values never appear in {@link #toString()}.
 */
public final class EncryptedFileSecretProvider implements SecretProvider {

    private final Path file;
    private final Map<String, String> values;

    private EncryptedFileSecretProvider(Path file, Map<String, String> values) {
        this.file = file;
        this.values = Map.copyOf(values);
    }

    /**
     * Decrypts the store file with the key (an absent file is an empty store).
     *
     * @throws com.wfp.workflow.error.DomainException {@code secrets.key-mismatch} or {@code secrets.file-invalid}
     */
    public static EncryptedFileSecretProvider open(Path file, SecretStoreKey key) {
        return new EncryptedFileSecretProvider(file, SecretStoreFile.open(file, key).values());
    }

    /**
     * Locates the key (environment variable first, then key file) and decrypts the store file.
     *
     * @throws com.wfp.workflow.error.DomainException {@code secrets.key-missing} naming both places when neither has the key
     */
    public static EncryptedFileSecretProvider open(Path file, Path keyFile, String keyVariable, Map<String, String> environment) {
        return open(file, SecretStoreKey.locate(keyFile, keyVariable, environment));
    }

    @Override
    public Optional<String> secret(String name) {
        return Optional.ofNullable(values.get(name));
    }

    @Override
    public String toString() {
        return "EncryptedFileSecretProvider[" + file + ", " + values.size() + " secrets]";
    }
}
