package com.wfp.platform.event;

import com.wfp.platform.deployment.DeploymentFailure;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentStep;
import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.deployment.StepOutcome;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RoutingConfig;

import java.time.Instant;

/** Something that happened to a workflow in production. Every event names the workflow and the time. */
public sealed interface DomainEvent {

    /** The workflow concerned. */
    WorkflowRef ref();

    /** When it happened. */
    Instant at();

    /** A release was published and routed by {@code strategy}. */
    record Published(WorkflowRef ref, Instant at, DeploymentId deploymentId, ReleaseId releaseId, String versionName,
                     PublishStrategy strategy, long routingRevision) implements DomainEvent {
    }

    /** The workflow's routing changed; caches of the routing must reload it. */
    record TrafficChanged(WorkflowRef ref, Instant at, RoutingConfig routing, String by, String why) implements DomainEvent {
    }

    /** All traffic went back to an earlier release. */
    record RolledBack(WorkflowRef ref, Instant at, ReleaseId fromRelease, ReleaseId toRelease, String by)
            implements DomainEvent {
    }

    /** A publish failed; routing is as it was before it. */
    record DeploymentFailed(WorkflowRef ref, Instant at, DeploymentId deploymentId, DeploymentFailure failure)
            implements DomainEvent {
    }

    /**
     * A step of a publish started or ended.
     *
     * @param percentDone 0 to 100
     * @param etaMs       estimated milliseconds until done
     */
    record DeploymentProgress(WorkflowRef ref, Instant at, DeploymentId deploymentId, DeploymentStep step,
                              StepOutcome outcome, int percentDone, long etaMs) implements DomainEvent {
    }

    /** An alert rule's condition began to hold: the alert fires, once until it resolves. */
    record AlertFired(WorkflowRef ref, Instant at, com.wfp.platform.alert.Alert alert) implements DomainEvent {
    }

    /** A firing alert's condition stopped holding. */
    record AlertResolved(WorkflowRef ref, Instant at, com.wfp.platform.alert.Alert alert) implements DomainEvent {
    }
}
