package com.wfp.pod;

import com.wfp.workflow.error.DomainException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer <pod token>}. Both sides are hashed before a constant-time
 * comparison, so neither the content nor the length of the token leaks through timing.
 */
final class PodToken {

    private static final String BEARER = "Bearer ";

    private final byte[] expectedDigest;

    PodToken(String token) {
        this.expectedDigest = sha256(token);
    }

    /** Throws a 401 unless the header carries the pod token. */
    void require(String authorization) {
        boolean ok = authorization != null
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && MessageDigest.isEqual(expectedDigest, sha256(authorization.substring(BEARER.length()).strip()));
        if (!ok) {
            throw new DomainException("pod.unauthorized", 401,
                    authorization == null ? "The request has no pod token" : "The pod token is wrong",
                    "Send the pod's token as \"Authorization: Bearer <token>\" (the gateway and platform hold it).");
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
