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
 * Durable home of drafts, immutable releases, routing configs with their history, deployments,
 * and the progress of each workflow's latest rollout. Every implementation passes the same
 * contract suite ({@code ReleaseStoreContract}).
 *
 * <p>Guarantees: releases never change once created; sequence numbers and version names are
 * unique per workflow even under concurrent writers (threads and processes); routing changes are
 * compare-and-set on the revision, so exactly one of two racing writers wins; a release is never
 * routed unless the deployment that publishes it is marked SUCCEEDED in the same transaction
 * ({@link #commitPublish}); rollout states are compare-and-set on their version, so two rollout
 * controllers never both move one rollout on. Storage failures surface as {@code DomainException}
 * with code {@code store.unavailable} (503) or {@code store.corrupt} (500), keeping the cause.
 */
public interface ReleaseStore {

    // ---- drafts ----

    /** Saves the workflow's draft, replacing any previous one, and returns it as stored. */
    Draft saveDraft(Draft draft);

    /** The workflow's draft, or empty when none was saved. */
    Optional<Draft> draft(WorkflowRef ref);

    /**
     * True when the workflow has a draft and its sha256 differs from the release taking most
     * traffic (the "live" one), or when it has a draft and nothing is live. False without a draft.
     */
    default boolean draftDiffersFromLive(WorkflowRef ref) {
        Optional<Draft> draft = draft(ref);
        if (draft.isEmpty()) {
            return false;
        }
        Optional<String> liveSha = routing(ref).mostTraffic().flatMap(this::release).map(Release::sha256);
        return liveSha.map(sha -> !sha.equals(draft.get().sha256())).orElse(true);
    }

    // ---- releases ----

    /**
     * Snapshots a new immutable release, assigning a fresh id and the next sequence number of its
     * workflow (1 for the first) atomically.
     *
     * @throws com.wfp.workflow.error.DomainException 409 {@code release.version-exists} when the
     *         workflow already has a release with this version name; the message names it and
     *         the hint suggests the next free version name
     */
    Release createRelease(NewRelease release);

    /** The release with this id, or empty. */
    Optional<Release> release(ReleaseId id);

    /** Every release of the workflow, newest (highest seq) first; empty when none. */
    List<Release> releases(WorkflowRef ref);

    /** The workflow's release with exactly this version name (case-sensitive), or empty. */
    Optional<Release> releaseByVersion(WorkflowRef ref, String versionName);

    /**
     * Every release a routing config of the user's workflows names (weighted, staged at 0% or
     * shadowed): what the user's pod must hold, for instance after it restarted. Ordered by
     * project, workflow, then newest first; empty when nothing is routed.
     */
    List<Release> routedReleases(String user);

    // ---- routing ----

    /** The workflow's routing; revision 0 with no weights when it was never routed. */
    RoutingConfig routing(WorkflowRef ref);

    /**
     * Replaces the workflow's routing when its current revision is {@code expectedRevision}, and
     * records a {@link RoutingChange}. The revision and ref inside {@code newRouting} are ignored;
     * the stored routing gets revision {@code expectedRevision + 1}.
     *
     * @return the routing as stored, with its new revision
     * @throws com.wfp.workflow.error.DomainException 409 {@code routing.stale-revision} naming the
     *         current revision when another change came first (nothing is changed); 422
     *         {@code routing.unknown-release} when a weight or the shadow names a release that is
     *         not one of this workflow's
     */
    RoutingConfig compareAndSetRouting(WorkflowRef ref, long expectedRevision, RoutingConfig newRouting, String by,
                                       String why);

    /** Every routing change of the workflow, newest first; empty when never routed. */
    List<RoutingChange> routingHistory(WorkflowRef ref);

    // ---- deployments ----

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
     * {@link #compareAndSetRouting}, by the deployment's creator) and store the deployment, which
     * must be SUCCEEDED, in one transaction. Either both happen or neither does.
     *
     * @return the routing as stored
     * @throws com.wfp.workflow.error.DomainException as {@link #compareAndSetRouting} and
     *         {@link #updateDeployment}; nothing is changed then
     */
    RoutingConfig commitPublish(PublishCommit commit);

    // ---- rollouts ----

    /**
     * Stores the rollout state of {@code state.ref()} when the workflow's stored rollout is at
     * {@code expectedVersion} (0: none stored yet), replacing it. A workflow keeps its latest
     * rollout only, running or finished: starting the next one replaces a finished one. The
     * version inside {@code state} is ignored; the stored state gets {@code expectedVersion + 1}.
     *
     * @return the state as stored, with its new version
     * @throws com.wfp.workflow.error.DomainException 409 {@code rollout.stale-version} naming the
     *         current version when another write came first (nothing is changed)
     */
    RolloutState compareAndSetRollout(RolloutState state, long expectedVersion);

    /** The workflow's latest rollout, running or finished, or empty when none was ever stored. */
    Optional<RolloutState> rollout(WorkflowRef ref);

    /**
     * Every stored rollout that is RUNNING or PAUSED, of every user, ordered by user, project, then
     * workflow: what a rollout controller resumes at start and judges at each tick. Always current
     * (a state written before the call is listed as written).
     */
    List<RolloutState> activeRollouts();
}
