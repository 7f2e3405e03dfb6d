package com.wfp.pod;

import com.wfp.workflow.error.DomainException;

import java.util.Map;

/** The pod's one mapping from exceptions to error responses. */
public final class PodErrors {

    private PodErrors() {
    }

    /**
     * Maps any failure to the response the pod answers with. Domain exceptions keep their code, status and
     * hint; anything else is a pod fault, answered 500 without internals (the stack trace goes to the log).
     */
    public static ErrorResponse toResponse(Throwable failure) {
        if (failure instanceof RetryLaterException retry) {
            return new ErrorResponse(retry.httpStatus(), Map.of("Retry-After", Integer.toString(retry.retryAfterSeconds())),
                    retry.code(), retry.getMessage(), retry.hint(), false);
        }
        if (failure instanceof DomainException domain) {
            Map<String, String> headers = domain.httpStatus() == 401 ? Map.of("WWW-Authenticate", "Bearer") : Map.of();
            return new ErrorResponse(domain.httpStatus(), headers, domain.code(), domain.getMessage(), domain.hint(),
                    domain.httpStatus() >= 500 && domain.httpStatus() != 503);
        }
        return new ErrorResponse(500, Map.of(), "pod.internal",
                "The pod failed while handling the request (" + failure.getClass().getSimpleName() + ")",
                "Retry the request; if it keeps failing, look up the pod.error log line at this time.", true);
    }
}
