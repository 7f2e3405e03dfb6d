package com.wfp.workflow.validation;

/**
 * Options for one validation run.
 *
 * @param probe when true, resolve each static {@code http.request} host and try a TLS handshake,
 *              reporting failures as warnings (network access; off by default)
 */
public record ValidationOptions(boolean probe) {

    public static final ValidationOptions DEFAULT = new ValidationOptions(false);
}
