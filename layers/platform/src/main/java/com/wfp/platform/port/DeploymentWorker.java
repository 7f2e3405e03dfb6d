package com.wfp.platform.port;

import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.PublishCommand;

/**
 * Runs a recorded publish's steps somewhere other than the host that accepted it: on AWS the
 * publish function answers 202 at once and the deploy worker function, invoked asynchronously,
 * runs the steps and stores their progress, which status reads. The worker calls
 * {@code PublishService.runDispatched} with the same id and command.
 */
@FunctionalInterface
public interface DeploymentWorker {

    /**
     * Hands the publish over and returns without waiting for it.
     *
     * @throws com.wfp.workflow.error.DomainException 503 when it could not be handed over (the
     *         deployment is then recorded as failed)
     */
    void dispatch(DeploymentId id, PublishCommand command);
}
