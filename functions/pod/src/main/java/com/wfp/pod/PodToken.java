package com.wfp.pod;

import com.wfp.workflow.error.DomainException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks {@code Authorization: Bearer <pod token>} in constant time: {@link MessageDigest#isEqual} takes time
 * proportional to the expected token's length only, whatever the offered value, so timing reveals neither
 * the token's content nor how much of it a guess got right.
 */
final class PodToken {

    private static final String BEARER = "Bearer ";

    private final byte[] expected;

    PodToken(String token) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Throws a 401 unless the header carries the pod token. */
    void require(String authorization) {
        boolean ok = authorization != null
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && MessageDigest.isEqual(expected, authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            throw new DomainException("pod.unauthorized", 401,
                    authorization == null ? "The request has no pod token" : "The pod token is wrong",
                    "Send the pod's token as \"Authorization: Bearer <token>\" (the gateway and platform hold it).");
        }
    }
}
