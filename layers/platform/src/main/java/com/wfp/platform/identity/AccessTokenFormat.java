package com.wfp.platform.identity;

import com.wfp.platform.access.ApiKeyFormat;

import java.security.SecureRandom;

/**
 * The personal access token format: {@value #PREFIX}, 32 random base62 characters (about 190 bits)
 * and the same 6-character base62 CRC32 as API keys, so a typo or a secret scanner tells a real
 * token offline. Only its SHA-256 is stored.
 */
public final class AccessTokenFormat {

    /** Every personal access token starts with this. */
    public static final String PREFIX = "wfp_pat_";

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int RANDOM_LENGTH = 32;
    private static final int CHECKSUM_LENGTH = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AccessTokenFormat() {
    }

    /** A new random token. */
    public static String generate() {
        StringBuilder token = new StringBuilder(PREFIX).append(random(RANDOM_LENGTH));
        return token.append(ApiKeyFormat.checksum(token)).toString();
    }

    /** A new token id, {@code pat_} and 16 random base62 characters. */
    public static String newId() {
        return "pat_" + random(16);
    }

    /** Whether the text has the token's shape and a matching checksum. */
    public static boolean wellFormed(String candidate) {
        if (candidate == null || !candidate.startsWith(PREFIX)
                || candidate.length() != PREFIX.length() + RANDOM_LENGTH + CHECKSUM_LENGTH) {
            return false;
        }
        for (int i = PREFIX.length(); i < candidate.length(); i++) {
            if (BASE62.indexOf(candidate.charAt(i)) < 0) {
                return false;
            }
        }
        int at = candidate.length() - CHECKSUM_LENGTH;
        return ApiKeyFormat.checksum(candidate.substring(0, at)).equals(candidate.substring(at));
    }

    /** The SHA-256 the store keeps. */
    public static String hash(String token) {
        return ApiKeyFormat.hash(token);
    }

    private static String random(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return text.toString();
    }
}
