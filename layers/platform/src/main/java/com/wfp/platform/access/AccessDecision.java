package com.wfp.platform.access;

import java.util.Map;

/**
 * What the authorizer decided about one production call.
 *
 * @param outcome   let in, refused, or a CORS preflight answered without running anything
 * @param status    the HTTP status to answer a refusal or preflight with (200 when let in)
 * @param code      a stable code for a refusal, such as {@code auth.key-required}; null when let in
 * @param message   what went wrong, never including the credential; null when let in
 * @param hint      how to fix it; null when let in
 * @param principal who called: the key id when one was recognised, {@code anonymous} for an open
 *                  workflow; null when refused before a key was known
 * @param headers   headers the answer must carry ({@code WWW-Authenticate}, {@code Retry-After},
 *                  {@code Access-Control-*})
 */
public record AccessDecision(Outcome outcome, int status, String code, String message, String hint, String principal,
                             Map<String, String> headers) {

    /** The kinds of decision. */
    public enum Outcome { ALLOW, DENY, PREFLIGHT }

    /** The principal of a call to a workflow whose trigger says {@code "auth": "none"}. */
    public static final String ANONYMOUS = "anonymous";

    public AccessDecision {
        headers = Map.copyOf(headers);
    }

    static AccessDecision allow(String principal, Map<String, String> headers) {
        return new AccessDecision(Outcome.ALLOW, 200, null, null, null, principal, headers);
    }

    static AccessDecision deny(int status, String code, String message, String hint, Map<String, String> headers) {
        return new AccessDecision(Outcome.DENY, status, code, message, hint, null, headers);
    }

    /** This refusal, naming the key that was refused. */
    AccessDecision by(String keyId) {
        return new AccessDecision(outcome, status, code, message, hint, keyId, headers);
    }

    /** True when the call may go on to its workflow. */
    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }
}
