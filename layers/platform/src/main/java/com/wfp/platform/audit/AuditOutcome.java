package com.wfp.platform.audit;

/** How an audited action ended. */
public enum AuditOutcome {
    /** Done as asked. */
    ALLOWED,
    /** Refused for want of a credential or permission (401, 403, 429). */
    DENIED,
    /** Let in, but it failed (bad input, conflict, an error). */
    FAILED
}
