package com.wfp.workflow.engine;

/**
 * An error as recorded in traces and logs: never contains secret values.
 *
 * @param type       stable error type or exception class, such as {@code http.timeout}
 * @param message    what happened
 * @param stackTrace the stack trace text, for error tracking (may be empty)
 */
public record ErrorInfo(String type, String message, String stackTrace) {
}
