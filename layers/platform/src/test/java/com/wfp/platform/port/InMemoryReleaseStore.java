package com.wfp.platform.port;

import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.DeploymentFailure;
import com.wfp.platform.deployment.DeploymentFinishedException;
import com.wfp.platform.deployment.DeploymentNotFoundException;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentState;
import com.wfp.platform.release.Draft;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.VersionExistsException;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutState;
import com.wfp.platform.rollout.StaleRolloutException;
import com.wfp.platform.routing.RoutingChange;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.StaleRoutingException;
import com.wfp.platform.routing.UnknownReleaseException;
import com.wfp.workflow.error.DomainException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ReleaseStore} in memory, for domain tests that need no file. It passes the same
 * contract as the durable stores; one lock makes every operation atomic.
 */
public final class InMemoryReleaseStore implements ReleaseStore {

    private final Clock clock;
    private final Map<WorkflowRef, Draft> drafts = new HashMap<>();
    private final Map<ReleaseId, Release> releases = new LinkedHashMap<>();
    private final Map<WorkflowRef, RoutingConfig> routing = new HashMap<>();
    private final List<RoutingChange> changes = new ArrayList<>();
    private final Map<DeploymentId, Deployment> deployments = new LinkedHashMap<>();
    private final Map<WorkflowRef, RolloutState> rollouts = new HashMap<>();

    public InMemoryReleaseStore() {
        this(Clock.systemUTC());
    }

    public InMemoryReleaseStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Draft saveDraft(Draft draft) {
        drafts.put(draft.ref(), draft);
        return draft;
    }

    @Override
    public synchronized Optional<Draft> draft(WorkflowRef ref) {
        return Optional.ofNullable(drafts.get(ref));
    }

    @Override
    public synchronized Release createRelease(NewRelease request) {
        List<Release> existing = releases(request.ref());
        if (existing.stream().anyMatch(r -> r.versionName().equals(request.versionName()))) {
            throw new VersionExistsException(request.ref(), request.versionName(),
                    existing.stream().map(Release::versionName).toList(), null);
        }
        Release release = request.toRelease(ReleaseId.newId(), existing.size() + 1L);
        releases.put(release.id(), release);
        return release;
    }

    @Override
    public synchronized Optional<Release> release(ReleaseId id) {
        return Optional.ofNullable(releases.get(id));
    }

    @Override
    public synchronized List<Release> releases(WorkflowRef ref) {
        return releases.values().stream().filter(r -> r.ref().equals(ref))
                .sorted((a, b) -> Long.compare(b.seq(), a.seq())).toList();
    }

    @Override
    public synchronized Optional<Release> releaseByVersion(WorkflowRef ref, String versionName) {
        return releases(ref).stream().filter(r -> r.versionName().equals(versionName)).findFirst();
    }

    @Override
    public synchronized List<Release> routedReleases(String user) {
        return routing.values().stream()
                .filter(r -> r.ref().user().equals(user))
                .sorted(Comparator.comparing((RoutingConfig r) -> r.ref().project())
                        .thenComparing(r -> r.ref().workflow()))
                .flatMap(r -> releases(r.ref()).stream().filter(rel -> r.referencedReleases().contains(rel.id())))
                .toList();
    }

    @Override
    public synchronized RoutingConfig routing(WorkflowRef ref) {
        return routing.getOrDefault(ref, RoutingConfig.empty(ref));
    }

    /**
     * Replaces the stored routing of {@code ref} by the one a store holding no layout would read
     * back: the same weights, the default layout.
     */
    public synchronized void dropLayout(WorkflowRef ref) {
        routing.computeIfPresent(ref, (key, r) -> new RoutingConfig(r.ref(), r.revision(), r.weights(), r.stickiness(),
                r.shadow()));
    }

    @Override
    public synchronized RoutingConfig compareAndSetRouting(WorkflowRef ref, long expectedRevision, RoutingConfig newRouting,
                                                           String by, String why) {
        newRouting.requireOf(ref);
        RoutingConfig current = routing(ref);
        if (current.revision() != expectedRevision) {
            throw new StaleRoutingException(ref, expectedRevision, current.revision());
        }
        for (ReleaseId id : newRouting.referencedReleases()) {
            Release r = releases.get(id);
            if (r == null || !r.ref().equals(ref)) {
                throw new UnknownReleaseException(id, ref);
            }
        }
        RoutingConfig stored = newRouting.withRevision(expectedRevision + 1);
        routing.put(ref, stored);
        changes.add(new RoutingChange(ref, stored.revision(), current, stored, by, clock.instant(), why));
        return stored;
    }

    @Override
    public synchronized List<RoutingConfig> routings(String user, String project) {
        return routing.values().stream().filter(r -> r.ref().user().equals(user) && r.ref().project().equals(project))
                .sorted(Comparator.comparing((RoutingConfig r) -> r.ref().workflow())).toList();
    }

    @Override
    public synchronized List<RoutingChange> routingHistory(WorkflowRef ref) {
        return changes.stream().filter(c -> c.ref().equals(ref)).sorted((a, b) -> Long.compare(b.revision(), a.revision()))
                .toList();
    }

    @Override
    public synchronized Deployment createDeployment(Deployment deployment) {
        if (deployment.idempotencyKey() != null) {
            Optional<Deployment> existing = deployments.values().stream()
                    .filter(d -> deployment.idempotencyKey().equals(d.idempotencyKey())
                            && deployment.createdBy().equals(d.createdBy()))
                    .findFirst();
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        deployments.put(deployment.id(), deployment);
        return deployment;
    }

    @Override
    public synchronized Deployment updateDeployment(Deployment deployment) {
        Deployment current = deployments.get(deployment.id());
        if (current == null) {
            throw new DeploymentNotFoundException(deployment.id());
        }
        if (current.isFinished()) {
            throw new DeploymentFinishedException(current);
        }
        deployments.put(deployment.id(), deployment);
        return deployment;
    }

    @Override
    public synchronized Optional<Deployment> deployment(DeploymentId id) {
        return Optional.ofNullable(deployments.get(id));
    }

    @Override
    public synchronized List<Deployment> recentDeployments(WorkflowRef ref, int limit) {
        return deployments.values().stream().filter(d -> d.ref().equals(ref)).toList().reversed().stream()
                .limit(limit).toList();
    }

    @Override
    public synchronized List<Deployment> deploymentsInState(DeploymentState state) {
        return deployments.values().stream().filter(d -> d.state() == state).toList();
    }

    @Override
    public synchronized int markInterruptedDeploymentsFailed() {
        List<Deployment> runningNow = deploymentsInState(DeploymentState.RUNNING);
        for (Deployment d : runningNow) {
            deployments.put(d.id(), d.failed(new DeploymentFailure(d.currentStep(), "deployment.interrupted",
                    "The platform stopped while this deployment was at step " + d.currentStep(),
                    "Routing was left as it was before this publish; publish again.", null), clock.instant()));
        }
        return runningNow.size();
    }

    @Override
    public synchronized RoutingConfig commitPublish(PublishCommit commit) {
        Deployment d = commit.deployment();
        Deployment current = deployments.get(d.id());
        if (current == null || current.isFinished()) {
            updateDeployment(d);
        }
        RoutingConfig stored = compareAndSetRouting(d.ref(), commit.expectedRevision(), commit.routing(), d.createdBy(),
                commit.why());
        deployments.put(d.id(), d);
        return stored;
    }

    @Override
    public synchronized RolloutState compareAndSetRollout(RolloutState state, long expectedVersion) {
        long current = Optional.ofNullable(rollouts.get(state.ref())).map(RolloutState::version).orElse(0L);
        if (current != expectedVersion) {
            throw new StaleRolloutException(state.ref(), expectedVersion, current);
        }
        RolloutState stored = state.withVersion(expectedVersion + 1);
        rollouts.put(state.ref(), stored);
        return stored;
    }

    @Override
    public synchronized Optional<RolloutState> rollout(WorkflowRef ref) {
        return Optional.ofNullable(rollouts.get(ref));
    }

    @Override
    public synchronized List<RolloutState> activeRollouts() {
        return rollouts.values().stream().filter(r -> r.status().active())
                .sorted(Comparator.comparing((RolloutState r) -> r.ref().user()).thenComparing(r -> r.ref().project())
                        .thenComparing(r -> r.ref().workflow()))
                .toList();
    }
}
