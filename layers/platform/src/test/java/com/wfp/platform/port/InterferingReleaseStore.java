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

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ReleaseStore} that forwards to a real one and can run other writers' changes just
 * before the next routing or rollout compare-and-sets, as a concurrent client would between a read
 * and a write, or right after a read. It also counts routing reads, so tests can see whether a cache went to the store.
 */
public final class InterferingReleaseStore implements ReleaseStore {

    private final ReleaseStore store;
    private final Deque<Runnable> interferences = new ArrayDeque<>();
    private final Deque<Runnable> afterReads = new ArrayDeque<>();
    private final Deque<Runnable> beforeRolloutWrites = new ArrayDeque<>();
    private final AtomicInteger routingReads = new AtomicInteger();
    private final AtomicInteger releaseReads = new AtomicInteger();

    public InterferingReleaseStore(ReleaseStore store) {
        this.store = store;
    }

    /** Runs {@code change} (against the real store) right before the next compare-and-set. */
    public synchronized InterferingReleaseStore beforeNextCompareAndSet(Runnable change) {
        interferences.add(change);
        return this;
    }

    /** Runs {@code change} right after the next routing read has taken its value. */
    public synchronized InterferingReleaseStore afterNextRoutingRead(Runnable change) {
        afterReads.add(change);
        return this;
    }

    /**
     * Runs {@code change} right before the next rollout compare-and-set; a change that throws
     * fails that write instead, as a store outage would.
     */
    public synchronized InterferingReleaseStore beforeNextRolloutCompareAndSet(Runnable change) {
        beforeRolloutWrites.add(change);
        return this;
    }

    /** How many times the routing was read. */
    public int routingReads() {
        return routingReads.get();
    }

    /** How many times a release was read by id. */
    public int releaseReads() {
        return releaseReads.get();
    }

    @Override
    public RoutingConfig compareAndSetRouting(WorkflowRef ref, long expectedRevision, RoutingConfig newRouting, String by,
                                              String why) {
        Runnable change;
        synchronized (this) {
            change = interferences.poll();
        }
        if (change != null) {
            change.run();
        }
        return store.compareAndSetRouting(ref, expectedRevision, newRouting, by, why);
    }

    @Override
    public RoutingConfig routing(WorkflowRef ref) {
        routingReads.incrementAndGet();
        RoutingConfig read = store.routing(ref);
        Runnable change;
        synchronized (this) {
            change = afterReads.poll();
        }
        if (change != null) {
            change.run();
        }
        return read;
    }

    @Override
    public Optional<Release> release(ReleaseId id) {
        releaseReads.incrementAndGet();
        return store.release(id);
    }

    @Override
    public Draft saveDraft(Draft draft) {
        return store.saveDraft(draft);
    }

    @Override
    public Optional<Draft> draft(WorkflowRef ref) {
        return store.draft(ref);
    }

    @Override
    public Release createRelease(NewRelease release) {
        return store.createRelease(release);
    }

    @Override
    public List<Release> releases(WorkflowRef ref) {
        return store.releases(ref);
    }

    @Override
    public Optional<Release> releaseByVersion(WorkflowRef ref, String versionName) {
        return store.releaseByVersion(ref, versionName);
    }

    @Override
    public List<Release> routedReleases(String user) {
        return store.routedReleases(user);
    }

    @Override
    public List<RoutingConfig> routings(String user, String project) {
        return store.routings(user, project);
    }

    @Override
    public List<RoutingChange> routingHistory(WorkflowRef ref) {
        return store.routingHistory(ref);
    }

    @Override
    public Deployment createDeployment(Deployment deployment) {
        return store.createDeployment(deployment);
    }

    @Override
    public Deployment updateDeployment(Deployment deployment) {
        return store.updateDeployment(deployment);
    }

    @Override
    public Optional<Deployment> deployment(DeploymentId id) {
        return store.deployment(id);
    }

    @Override
    public List<Deployment> recentDeployments(WorkflowRef ref, int limit) {
        return store.recentDeployments(ref, limit);
    }

    @Override
    public List<Deployment> deploymentsInState(DeploymentState state) {
        return store.deploymentsInState(state);
    }

    @Override
    public int markInterruptedDeploymentsFailed() {
        return store.markInterruptedDeploymentsFailed();
    }

    @Override
    public RoutingConfig commitPublish(PublishCommit commit) {
        return store.commitPublish(commit);
    }

    @Override
    public RolloutState compareAndSetRollout(RolloutState state, long expectedVersion) {
        Runnable change;
        synchronized (this) {
            change = beforeRolloutWrites.poll();
        }
        if (change != null) {
            change.run();
        }
        return store.compareAndSetRollout(state, expectedVersion);
    }

    @Override
    public Optional<RolloutState> rollout(WorkflowRef ref) {
        return store.rollout(ref);
    }

    @Override
    public List<RolloutState> activeRollouts() {
        return store.activeRollouts();
    }
}
