package com.wfp.platform.port;

import java.time.Instant;

/**
 * Checks a JSON Web Token from the deployment's OIDC issuer: its signature against the issuer's
 * published keys (JWKS), the issuer, the audience and the expiry.
 */
public interface IdentityTokenVerifier {

    /**
     * What a verified token says.
     *
     * @param person    the person id the token names (from the configured claim)
     * @param tokenId   the token's {@code jti}, or null; never the token
     * @param expiresAt its expiry
     */
    record VerifiedToken(String person, String tokenId, Instant expiresAt) {
    }

    /**
     * Verifies the token.
     *
     * @throws com.wfp.workflow.error.DomainException 401 {@code auth.token-invalid} saying which check failed
     */
    VerifiedToken verify(String token);

    /** Whether the text is shaped like a JWT (three base64url parts), so it is worth verifying. */
    static boolean looksLikeJwt(String text) {
        return text != null && text.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    }
}
