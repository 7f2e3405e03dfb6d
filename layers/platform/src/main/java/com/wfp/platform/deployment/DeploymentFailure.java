package com.wfp.platform.deployment;

import com.wfp.platform.release.InputRules;

/**
 * Why a deployment failed: the step, a stable code, a message, a fix hint, and for a rejected
 * validation the report as JSON text.
 *
 * @param step    the step that failed
 * @param code    stable code such as {@code publish.validation-failed} or {@code pod.load-failed}
 * @param message what went wrong
 * @param hint    how to fix it
 * @param details JSON text with details (the validation report), or null
 */
public record DeploymentFailure(DeploymentStep step, String code, String message, String hint, String details) {

    public DeploymentFailure {
        InputRules.required("step", step);
        InputRules.required("code", code);
        InputRules.required("message", message);
        hint = hint == null ? "" : hint;
    }
}
