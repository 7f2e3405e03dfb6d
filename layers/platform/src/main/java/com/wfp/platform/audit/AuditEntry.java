package com.wfp.platform.audit;

import com.wfp.platform.release.InputRules;

import java.time.Instant;

/**
 * One thing to record in the audit trail, before the log numbers and chains it.
 *
 * @param at        when it happened (UTC)
 * @param principal who did it: a key id, {@code admin} for the admin token, {@code anonymous};
 *                  never a secret
 * @param action    what was done, such as {@code POST /api/v1/projects/{user}/{project}/keys} or {@code invoke}
 * @param resource  what it was done to, such as {@code /api/v1/projects/ada/shop/keys}
 * @param params    the request's parameters as JSON text, secrets already redacted
 * @param source    the caller's network address
 * @param outcome   allowed, denied or failed
 * @param code      the answer's status and error code, such as {@code 201} or {@code 403 auth.key-scope}
 */
public record AuditEntry(Instant at, String principal, String action, String resource, String params, String source,
                         AuditOutcome outcome, String code) {

    /** Longest free-text field kept; longer ones are cut, saying so. */
    public static final int MAX_FIELD = 2_000;

    public AuditEntry {
        InputRules.required("at", at);
        principal = bounded(InputRules.required("principal", principal));
        action = bounded(InputRules.required("action", action));
        resource = bounded(resource == null ? "" : resource);
        params = bounded(params == null ? "{}" : params);
        source = bounded(source == null ? "" : source);
        InputRules.required("outcome", outcome);
        code = bounded(code == null ? "" : code);
    }

    private static String bounded(String value) {
        return value.length() <= MAX_FIELD ? value : value.substring(0, MAX_FIELD) + "...(cut)";
    }
}
