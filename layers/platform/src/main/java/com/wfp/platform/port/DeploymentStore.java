package com.wfp.platform.port;

import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentState;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RoutingConfig;

import java.util.List;
import java.util.Optional;

/**
 * The deployments that publish releases, and the last step of a publish: a release is never
 * routed unless the deployment that publishes it is marked SUCCEEDED in the same transaction
 * ({@link #commitPublish}). Every implementation passes {@code ReleaseStoreContract.DeploymentStoreContract}.
 */
public interface DeploymentStore {

    /**
     * Records a new deployment, normally as built by {@link Deployment#start}. When the same user
     * already has a deployment with the same non-null idempotency key, nothing is written and
     * that existing deployment is returned instead: compare the returned id to tell.
     */
    Deployment createDeployment(Deployment deployment);

    /**
     * Replaces the progress of a running deployment (release id, state, current step, step
     * records, failure) and returns it as stored.
     *
     * @throws com.wfp.workflow.error.DomainException 404 {@code deployment.not-found} when unknown;
     *         409 {@code deployment.finished} when it had already finished, which is never changed
     */
    Deployment updateDeployment(Deployment deployment);

    /** The deployment with this id, or empty. */
    Optional<Deployment> deployment(DeploymentId id);

    /**
     * The workflow's latest deployments, newest first, at most {@code limit} (at least 1) of them,
     * whatever their state.
     */
    List<Deployment> recentDeployments(WorkflowRef ref, int limit);

    /** Every deployment in this state, oldest first. */
    List<Deployment> deploymentsInState(DeploymentState state);

    /**
     * Marks every RUNNING deployment FAILED with code {@code deployment.interrupted} at its current
     * step, leaving routing untouched. Called at startup: a deployment still running then was cut
     * off by a stop of the platform.
     *
     * @return how many deployments were marked
     */
    int markInterruptedDeploymentsFailed();

    /**
     * The ROUTE step, atomically: compare-and-set the routing (as
     * {@link RoutingStore#compareAndSetRouting}, by the deployment's creator) and store the deployment, which
     * must be SUCCEEDED, in one transaction. Either both happen or neither does.
     *
     * @return the routing as stored
     * @throws com.wfp.workflow.error.DomainException as {@link RoutingStore#compareAndSetRouting} and
     *         {@link #updateDeployment}; nothing is changed then
     */
    RoutingConfig commitPublish(PublishCommit commit);
}
