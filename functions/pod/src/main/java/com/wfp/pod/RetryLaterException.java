package com.wfp.pod;

import com.wfp.workflow.error.DomainException;

/** A refusal the caller should retry: the pod is overloaded or draining. Carries the Retry-After delay. */
public final class RetryLaterException extends DomainException {

    private final int retryAfterSeconds;

    public RetryLaterException(String code, int httpStatus, String message, String hint, int retryAfterSeconds) {
        super(code, httpStatus, message, hint);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds the caller should wait before retrying. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
