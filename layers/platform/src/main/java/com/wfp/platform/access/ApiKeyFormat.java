package com.wfp.platform.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The API key format: a typed prefix ({@code wfp_live_} or {@code wfp_test_}), 32 random base62
 * characters (about 190 bits) and a 6-character base62 CRC32 of everything before it, as GitHub
 * tokens do, so a typo or a secret scanner can tell a real key offline. Keys are stored only as
 * their SHA-256 (they are high-entropy, so a fast hash is enough).
 */
public final class ApiKeyFormat {

    /** Never used to digest, only cloned: a digest is not thread-safe. */
    private static final MessageDigest SHA_256 = newSha256();

    /** The characters of the random part and the checksum. */
    static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static final int RANDOM_LENGTH = 32;
    static final int CHECKSUM_LENGTH = 6;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Which use a key is for, said by its prefix. */
    public enum Environment {
        LIVE("wfp_live_"), TEST("wfp_test_");

        private final String prefix;

        Environment(String prefix) {
            this.prefix = prefix;
        }

        /** The prefix every key of this environment starts with. */
        public String prefix() {
            return prefix;
        }
    }

    private ApiKeyFormat() {
    }

    /** A new random key of the environment. */
    public static String generate(Environment environment) {
        StringBuilder key = new StringBuilder(environment.prefix());
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            key.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return key.append(checksum(key)).toString();
    }

    /** True when the text has a key's shape and its checksum matches: no store is needed to tell. */
    public static boolean wellFormed(String candidate) {
        if (candidate == null || candidate.length() != Environment.LIVE.prefix().length() + RANDOM_LENGTH + CHECKSUM_LENGTH) {
            return false;
        }
        if (environmentOf(candidate) == null) {
            return false;
        }
        int checksumAt = candidate.length() - CHECKSUM_LENGTH;
        for (int i = Environment.LIVE.prefix().length(); i < candidate.length(); i++) {
            if (BASE62.indexOf(candidate.charAt(i)) < 0) {
                return false;
            }
        }
        return checksum(candidate.substring(0, checksumAt)).equals(candidate.substring(checksumAt));
    }

    /** The environment a key's prefix names, or null for text that is not a wfp key. */
    public static Environment environmentOf(String candidate) {
        for (Environment environment : Environment.values()) {
            if (candidate != null && candidate.startsWith(environment.prefix())) {
                return environment;
            }
        }
        return null;
    }

    /** True when the text starts like a wfp key, well formed or not. */
    public static boolean looksLikeKey(String candidate) {
        return environmentOf(candidate) != null;
    }

    /** The lower-case hex SHA-256 of the key: all the store ever holds of it. */
    public static String hash(String key) {
        return HexFormat.of().formatHex(sha256().digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A fresh SHA-256 digest, cloned from one made once: every production call with a key hashes it, and looking
     * the algorithm up among the security providers cost more than hashing.
     */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** The first characters of a key, safe to show: its prefix and four random characters. */
    public static String hint(String key) {
        return key.substring(0, Environment.LIVE.prefix().length() + 4) + "...";
    }

    /** The 6-character base62 CRC32 of {@code body}, as every typed wfp credential ends with. */
    public static String checksum(CharSequence body) {
        CRC32 crc = new CRC32();
        crc.update(body.toString().getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(digits);
    }
}
