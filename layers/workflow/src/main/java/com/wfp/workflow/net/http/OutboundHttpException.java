package com.wfp.workflow.net.http;

import com.wfp.workflow.error.DomainException;

/**
 * An outbound request failed or was refused. Codes: {@code http.blocked-address} (SSRF guard),
 * {@code http.insecure-scheme}, {@code http.invalid-url}, {@code http.invalid-header},
 * {@code http.unknown-host}, {@code http.connect-failed}, {@code http.timeout},
 * {@code http.response-too-large}, {@code http.too-many-redirects}, {@code http.protocol},
 * {@code http.tls}.
 */
public final class OutboundHttpException extends DomainException {

    /** The code of a request that did not complete in time. */
    public static final String TIMEOUT = "http.timeout";

    private final boolean retryable;

    public OutboundHttpException(String code, int httpStatus, String message, String hint, boolean retryable, Throwable cause) {
        super(code, httpStatus, message, hint, cause);
        this.retryable = retryable;
    }

    /** Whether the request did not complete in time (as opposed to failing or being refused). */
    public boolean timedOut() {
        return TIMEOUT.equals(code());
    }

    /** Whether another attempt of an idempotent request might succeed (timeouts, dropped connections). */
    public boolean retryable() {
        return retryable;
    }
}
