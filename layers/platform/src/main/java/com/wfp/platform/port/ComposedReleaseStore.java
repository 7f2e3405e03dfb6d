package com.wfp.platform.port;

import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentState;
import com.wfp.platform.release.Draft;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutState;
import com.wfp.platform.routing.RoutingChange;
import com.wfp.platform.routing.RoutingConfig;

import java.util.List;
import java.util.Optional;

/**
 * A {@link ReleaseStore} made of one object per part port, each call handed to its part: how every database
 * adapter is built (one class a port over one shared connection or table), so an adapter writes only how it
 * makes its parts and what it adds of its own (opening, closing, schema).
 */
public abstract class ComposedReleaseStore implements ReleaseStore {

    /** The five parts of a store, each usually a package-private class of the adapter. */
    public record Parts(DraftStore drafts, ReleaseCatalogue catalogue, RoutingStore routings,
                        DeploymentStore deployments, RolloutStore rollouts) {
        public Parts {
            if (drafts == null || catalogue == null || routings == null || deployments == null || rollouts == null) {
                throw new IllegalArgumentException("A release store needs all five of its parts");
            }
        }
    }

    private final Parts parts;

    protected ComposedReleaseStore(Parts parts) {
        this.parts = parts;
    }

    @Override
    public final Draft saveDraft(Draft draft) {
        return parts.drafts().saveDraft(draft);
    }

    @Override
    public final Optional<Draft> draft(WorkflowRef ref) {
        return parts.drafts().draft(ref);
    }

    @Override
    public final Release createRelease(NewRelease release) {
        return parts.catalogue().createRelease(release);
    }

    @Override
    public final Optional<Release> release(ReleaseId id) {
        return parts.catalogue().release(id);
    }

    @Override
    public final List<Release> releases(WorkflowRef ref) {
        return parts.catalogue().releases(ref);
    }

    @Override
    public final Optional<Release> releaseByVersion(WorkflowRef ref, String versionName) {
        return parts.catalogue().releaseByVersion(ref, versionName);
    }

    @Override
    public final List<Release> routedReleases(String user) {
        return parts.catalogue().routedReleases(user);
    }

    @Override
    public final RoutingConfig routing(WorkflowRef ref) {
        return parts.routings().routing(ref);
    }

    @Override
    public final RoutingConfig compareAndSetRouting(WorkflowRef ref, long expectedRevision, RoutingConfig newRouting,
                                                    String by, String why) {
        return parts.routings().compareAndSetRouting(ref, expectedRevision, newRouting, by, why);
    }

    @Override
    public final List<RoutingConfig> routings(String user, String project) {
        return parts.routings().routings(user, project);
    }

    @Override
    public final List<RoutingChange> routingHistory(WorkflowRef ref) {
        return parts.routings().routingHistory(ref);
    }

    @Override
    public final Deployment createDeployment(Deployment deployment) {
        return parts.deployments().createDeployment(deployment);
    }

    @Override
    public final Deployment updateDeployment(Deployment deployment) {
        return parts.deployments().updateDeployment(deployment);
    }

    @Override
    public final Optional<Deployment> deployment(DeploymentId id) {
        return parts.deployments().deployment(id);
    }

    @Override
    public final List<Deployment> recentDeployments(WorkflowRef ref, int limit) {
        return parts.deployments().recentDeployments(ref, limit);
    }

    @Override
    public final List<Deployment> deploymentsInState(DeploymentState state) {
        return parts.deployments().deploymentsInState(state);
    }

    @Override
    public final int markInterruptedDeploymentsFailed() {
        return parts.deployments().markInterruptedDeploymentsFailed();
    }

    @Override
    public final RoutingConfig commitPublish(PublishCommit commit) {
        return parts.deployments().commitPublish(commit);
    }

    @Override
    public final RolloutState compareAndSetRollout(RolloutState state, long expectedVersion) {
        return parts.rollouts().compareAndSetRollout(state, expectedVersion);
    }

    @Override
    public final Optional<RolloutState> rollout(WorkflowRef ref) {
        return parts.rollouts().rollout(ref);
    }

    @Override
    public final List<RolloutState> activeRollouts() {
        return parts.rollouts().activeRollouts();
    }
}
