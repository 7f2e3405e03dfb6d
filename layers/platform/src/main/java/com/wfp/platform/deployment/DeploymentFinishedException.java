package com.wfp.platform.deployment;

import com.wfp.workflow.error.DomainException;

/**
 * 409 {@code deployment.finished}: progress was written to a deployment that had already
 * finished, which never changes again.
 */
public final class DeploymentFinishedException extends DomainException {

    public DeploymentFinishedException(Deployment finished, Throwable cause) {
        super("deployment.finished", 409, "Deployment " + finished.id() + " already finished as " + finished.state(),
                "A finished deployment never changes; publish again to start a new one.", cause);
    }

    public DeploymentFinishedException(Deployment finished) {
        this(finished, null);
    }
}
