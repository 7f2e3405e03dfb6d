package com.wfp.adapters.aws.pod;

import com.wfp.workflow.error.DomainException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The bearer token of each user's pod on AWS, derived from one platform secret: HMAC-SHA256 of
 * the user id. The pod manager hands the token to the user's Fargate task and the route function
 * derives the same one, so no token is stored anywhere, and one user's token opens no other pod.
 * Rotating the secret rotates every token.
 */
public final class PodTokens {

    /** Shortest secret accepted: 32 bytes of randomness, as 64 hex digits or any 32+ character text. */
    public static final int MIN_SECRET_LENGTH = 32;

    private final SecretKeySpec key;

    public PodTokens(String secret) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new DomainException("config.weak-pod-secret", 500,
                    "The pod token secret is missing or shorter than " + MIN_SECRET_LENGTH + " characters",
                    "Set WFP_POD_TOKEN_SECRET to a random secret, e.g. the output of `openssl rand -hex 32`.");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The token the user's pod expects in {@code Authorization: Bearer}. */
    public String tokenOf(String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(("pod:" + user).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JDK has HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "PodTokens[secret=***]";
    }
}
