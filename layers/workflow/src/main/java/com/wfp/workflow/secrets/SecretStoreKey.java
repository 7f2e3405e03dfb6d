package com.wfp.workflow.secrets;

import com.wfp.workflow.error.DomainException;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The AES-256 key of a secret store file. It is kept apart from the file it protects: in a key
 * file or in an environment variable, as 32 bytes in base64. A missing or malformed key stops
 * start-up with an error that names the file or variable to set.
 *
 * @param key    the AES key
 * @param source where it came from, for messages ("environment variable WFP_SECRETS_KEY"); never the key itself
 */
public record SecretStoreKey(SecretKey key, String source) {

    /** The environment variable the platform reads the key from by default. */
    public static final String DEFAULT_VARIABLE = "WFP_SECRETS_KEY";
    private static final int KEY_BYTES = 32;

    @Override
    public String toString() {
        return "SecretStoreKey[" + source + "]";
    }

    /** A new random key, base64 encoded, to write into a key file or an environment variable. */
    public static String generate() {
        byte[] bytes = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * The key held by another secret store (on AWS, a Secrets Manager secret): 64 hex digits (what
     * a generated secret of the CDK app holds) or 32 bytes in base64.
     *
     * @param source where it came from, for messages (a secret's ARN); never the key itself
     */
    public static SecretStoreKey fromText(String encoded, String source) {
        if (encoded == null || encoded.isBlank()) {
            throw new DomainException("secrets.key-missing", 503, "The secret store key in " + source + " is empty",
                    "Store 32 random bytes in base64 there, for example from `openssl rand -base64 32`.");
        }
        String text = encoded.strip();
        if (text.matches("[0-9a-fA-F]{64}")) {
            return new SecretStoreKey(new SecretKeySpec(java.util.HexFormat.of().parseHex(text), "AES"), source);
        }
        return decode(text, source);
    }

    /** Writes a new random key to a file readable by its owner only, and returns it. */
    public static SecretStoreKey generateFile(Path keyFile) {
        String encoded = generate();
        try {
            Path parent = keyFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(keyFile, encoded + "\n", StandardCharsets.US_ASCII);
            OwnerOnly.restrict(keyFile);
        } catch (IOException e) {
            throw new DomainException("secrets.key-unwritable", 500, "Could not write the key file " + keyFile + ": " + e.getMessage(),
                    "Check that the directory exists and is writable.", e);
        }
        return decode(encoded, "key file " + keyFile);
    }

    /** Reads the key from a file. */
    public static SecretStoreKey fromFile(Path keyFile) {
        String source = "key file " + keyFile.toAbsolutePath();
        if (!Files.isRegularFile(keyFile)) {
            throw new DomainException("secrets.key-missing", 503, "The secret store key is missing: " + source + " does not exist",
                    "Create it with the key the secret file was written with (32 random bytes in base64, for example"
                            + " from `openssl rand -base64 32`), or set the environment variable " + DEFAULT_VARIABLE + ".");
        }
        try {
            return decode(Files.readString(keyFile, StandardCharsets.US_ASCII), source);
        } catch (IOException e) {
            throw new DomainException("secrets.key-unreadable", 503, "The secret store key cannot be read from " + source + ": " + e.getMessage(),
                    "Make the key file readable by the user that runs the platform.", e);
        }
    }

    /** Reads the key from an environment variable of the given environment (normally {@link System#getenv()}). */
    public static SecretStoreKey fromEnvironment(String variable, Map<String, String> environment) {
        String value = environment.get(variable);
        String source = "environment variable " + variable;
        if (value == null || value.isBlank()) {
            throw new DomainException("secrets.key-missing", 503, "The secret store key is missing: " + source + " is not set",
                    "Set " + variable + " to the key the secret file was written with (32 random bytes in base64).");
        }
        return decode(value, source);
    }

    /**
     * The key from the environment variable when it is set, otherwise from the key file.
     *
     * @throws DomainException naming both places when neither holds a key
     */
    public static SecretStoreKey locate(Path keyFile, String variable, Map<String, String> environment) {
        String value = environment.get(variable);
        if (value != null && !value.isBlank()) {
            return decode(value, "environment variable " + variable);
        }
        if (keyFile != null && Files.isRegularFile(keyFile)) {
            return fromFile(keyFile);
        }
        throw new DomainException("secrets.key-missing", 503,
                "The secret store key is missing: set the environment variable " + variable
                        + (keyFile == null ? "" : " or create the key file " + keyFile.toAbsolutePath()),
                "Use the key the secret file was written with (32 random bytes in base64, for example from"
                        + " `openssl rand -base64 32`).");
    }

    private static SecretStoreKey decode(String encoded, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded.strip());
        } catch (IllegalArgumentException e) {
            throw new DomainException("secrets.key-invalid", 503, "The secret store key in " + source + " is not base64",
                    "Write the key as 32 random bytes in base64 (44 characters ending in '=').");
        }
        if (bytes.length != KEY_BYTES) {
            throw new DomainException("secrets.key-invalid", 503,
                    "The secret store key in " + source + " has " + bytes.length + " bytes; AES-256 needs " + KEY_BYTES,
                    "Write the key as 32 random bytes in base64 (44 characters ending in '=').");
        }
        return new SecretStoreKey(new SecretKeySpec(bytes, "AES"), source);
    }
}
