package com.wfp.pod;

import java.util.Map;

/**
 * An error answer: status, extra headers and the {@code {"error":{"code","message","hint"}}} body.
 *
 * @param status   HTTP status
 * @param headers  extra headers (Retry-After, WWW-Authenticate)
 * @param code     stable error code
 * @param message  what went wrong
 * @param hint     how to fix it
 * @param internal true when the pod itself failed (logged as a pod error with its stack trace)
 */
public record ErrorResponse(int status, Map<String, String> headers, String code, String message, String hint,
                            boolean internal) {

    public ErrorResponse {
        headers = Map.copyOf(headers);
    }
}
