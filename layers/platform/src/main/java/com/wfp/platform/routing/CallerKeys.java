package com.wfp.platform.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The caller's key id for {@code callerKey} stickiness. Until API keys are issued, it is derived
 * from the {@code X-Api-Key} header: a SHA-256 digest, so the key itself is never what routing
 * keeps or compares.
 */
public final class CallerKeys {

    public static final String API_KEY_HEADER = "X-Api-Key";

    private CallerKeys() {
    }

    /** The key id of an API key, or null for a caller without one (routed by weight). */
    public static String keyId(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
