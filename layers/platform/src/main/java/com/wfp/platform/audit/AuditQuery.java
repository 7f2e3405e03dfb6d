package com.wfp.platform.audit;

import java.time.Instant;

/**
 * A search of the audit trail; null fields match everything.
 *
 * @param since     records at or after this time
 * @param principal exactly this principal
 * @param action    actions containing this text
 * @param resource  resources starting with this text
 * @param outcome   exactly this outcome
 * @param limit     at most this many records, newest first
 */
public record AuditQuery(Instant since, String principal, String action, String resource, AuditOutcome outcome,
                         int limit) {

    /** The most records one search returns. */
    public static final int MAX_LIMIT = 10_000;

    public AuditQuery {
        limit = limit <= 0 || limit > MAX_LIMIT ? MAX_LIMIT : limit;
    }

    /** True when the entry matches every given field. */
    public boolean matches(AuditEntry entry) {
        return (since == null || !entry.at().isBefore(since))
                && (principal == null || principal.equals(entry.principal()))
                && (action == null || entry.action().contains(action))
                && (resource == null || entry.resource().startsWith(resource))
                && (outcome == null || outcome == entry.outcome());
    }
}
