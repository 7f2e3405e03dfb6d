package com.wfp.workflow.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.workflow.error.DomainException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A secret store file: named secret values encrypted with AES-256-GCM under a key kept elsewhere
 * ({@link SecretStoreKey}). The file is JSON: {@code {"format":1,"cipher":"AES-256-GCM","nonce":..,"data":..}};
 * the plaintext is a JSON object of names to values, and a fresh nonce is used on every save.
 * Open, {@link #put}, {@link #save}; not thread-safe (it is an editing tool, the runtime reads
 * through {@link EncryptedFileSecretProvider}).
 */
public final class SecretStoreFile {

    private static final String CIPHER = "AES-256-GCM";
    private static final byte[] ASSOCIATED_DATA = "wfp-secret-store:1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final SecretStoreKey key;
    private final Map<String, String> values;

    private SecretStoreFile(Path file, SecretStoreKey key, Map<String, String> values) {
        this.file = file;
        this.key = key;
        this.values = values;
    }

    /**
     * Opens a store file, or starts an empty one when the file does not exist yet.
     *
     * @throws DomainException {@code secrets.key-mismatch} when the key does not decrypt the file,
     *                         {@code secrets.file-invalid} when the file is not a secret store
     */
    public static SecretStoreFile open(Path file, SecretStoreKey key) {
        if (!Files.exists(file)) {
            return new SecretStoreFile(file, key, new TreeMap<>());
        }
        return new SecretStoreFile(file, key, new TreeMap<>(decrypt(file, key)));
    }

    /** Sets a secret (kept in memory until {@link #save}). */
    public SecretStoreFile put(String name, String value) {
        if (name == null || name.isBlank() || value == null) {
            throw DomainException.badRequest("secrets.invalid", "A secret needs a name and a value",
                    "Give the secret a name (as used in $secret('name')) and a value.");
        }
        values.put(name, value);
        return this;
    }

    /** Removes a secret; true when it existed. */
    public boolean remove(String name) {
        return values.remove(name) != null;
    }

    /** The names of the stored secrets (never the values). */
    public Set<String> names() {
        return Set.copyOf(values.keySet());
    }

    Map<String, String> values() {
        return Map.copyOf(values);
    }

    /** Encrypts and writes the file atomically, readable by its owner only. */
    public void save() {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            new SecureRandom().nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(ASSOCIATED_DATA);
            byte[] data = cipher.doFinal(JSON.writeValueAsBytes(values));
            ObjectNode document = JSON.createObjectNode();
            document.put("format", 1);
            document.put("cipher", CIPHER);
            document.put("nonce", Base64.getEncoder().encodeToString(nonce));
            document.put("data", Base64.getEncoder().encodeToString(data));
            Path absolute = file.toAbsolutePath();
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
            Path temp = Files.createTempFile(absolute.getParent(), ".secrets", ".tmp");
            try {
                OwnerOnly.restrict(temp);
                Files.write(temp, JSON.writeValueAsBytes(document));
                try {
                    Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new DomainException("secrets.file-unwritable", 500, "Could not write the secret file " + file + ": " + e.getMessage(),
                    "Check that the directory exists and is writable.", e);
        }
    }

    static Map<String, String> decrypt(Path file, SecretStoreKey key) {
        JsonNode document;
        try {
            document = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw invalidFile(file, "it is not readable JSON (" + e.getMessage() + ")", e);
        }
        if (document == null || !document.path("format").isInt() || document.path("format").intValue() != 1
                || !CIPHER.equals(document.path("cipher").asText()) || !document.path("nonce").isTextual()
                || !document.path("data").isTextual()) {
            throw invalidFile(file, "it is not a format-1 " + CIPHER + " secret store", null);
        }
        byte[] plain;
        try {
            byte[] nonce = Base64.getDecoder().decode(document.get("nonce").textValue());
            byte[] data = Base64.getDecoder().decode(document.get("data").textValue());
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(ASSOCIATED_DATA);
            plain = cipher.doFinal(data);
        } catch (AEADBadTagException e) {
            throw new DomainException("secrets.key-mismatch", 503,
                    "The secret store key from " + key.source() + " does not decrypt " + file.toAbsolutePath()
                            + " (wrong key, or the file was altered)",
                    "Set " + key.source() + " to the key the file was written with; if that key is lost, delete the file"
                            + " and store the secrets again.", e);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw invalidFile(file, "its nonce or data is malformed", e);
        }
        try {
            Map<String, String> values = new TreeMap<>();
            JSON.readTree(plain).properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
            return values;
        } catch (IOException e) {
            throw invalidFile(file, "its decrypted content is not a JSON object", e);
        }
    }

    private static DomainException invalidFile(Path file, String problem, Throwable cause) {
        return new DomainException("secrets.file-invalid", 503, "The secret file " + file.toAbsolutePath() + " is unusable: " + problem,
                "Restore the file from a backup, or delete it and store the secrets again.", cause);
    }
}
