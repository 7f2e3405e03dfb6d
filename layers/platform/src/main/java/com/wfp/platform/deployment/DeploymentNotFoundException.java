package com.wfp.platform.deployment;

import com.wfp.workflow.error.DomainException;

/**
 * 404 {@code deployment.not-found}: no deployment has this id. Built here only, so the service and every
 * store give the same message and hint.
 */
public final class DeploymentNotFoundException extends DomainException {

    public DeploymentNotFoundException(DeploymentId id, Throwable cause) {
        super("deployment.not-found", 404, "No deployment " + id, "Use the deployment id returned by publish.", cause);
    }

    public DeploymentNotFoundException(DeploymentId id) {
        this(id, null);
    }
}
