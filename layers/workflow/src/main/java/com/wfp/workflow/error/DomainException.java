package com.wfp.workflow.error;

import java.util.Objects;

/**
 * The one unchecked exception family of the domain. Every failure a user can meet carries a
 * stable machine-readable {@link #code()}, the HTTP status an edge should answer with, and a
 * {@link #hint()} that says how to fix the problem. Edges (Lambda handlers, the gateway, the
 * pod) map it to a response in one place; adapters wrap SDK or driver exceptions in it and keep
 * the cause.
 */
public class DomainException extends RuntimeException {

    private final String code;
    private final int httpStatus;
    private final String hint;

    public DomainException(String code, int httpStatus, String message, String hint) {
        this(code, httpStatus, message, hint, null);
    }

    public DomainException(String code, int httpStatus, String message, String hint, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.httpStatus = httpStatus;
        this.hint = hint == null ? "" : hint;
    }

    /** Stable, dotted code such as {@code request.invalid-json}; clients may switch on it. */
    public String code() {
        return code;
    }

    /** The HTTP status an edge answers with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** What the caller should do to fix the problem; never empty for user-facing errors. */
    public String hint() {
        return hint;
    }

    public static DomainException badRequest(String code, String message, String hint) {
        return new DomainException(code, 400, message, hint);
    }

    public static DomainException notFound(String code, String message, String hint) {
        return new DomainException(code, 404, message, hint);
    }

    public static DomainException conflict(String code, String message, String hint) {
        return new DomainException(code, 409, message, hint);
    }

    public static DomainException unprocessable(String code, String message, String hint) {
        return new DomainException(code, 422, message, hint);
    }

    public static DomainException unavailable(String code, String message, String hint, Throwable cause) {
        return new DomainException(code, 503, message, hint, cause);
    }
}
