package com.wfp.platform.port;

import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.rollout.RolloutState;

import java.util.List;
import java.util.Optional;

/**
 * The progress of each workflow's latest rollout. States are compare-and-set on their version,
 * so two rollout controllers never both move one rollout on. Every implementation passes
 * {@code ReleaseStoreContract.RolloutStoreContract}.
 */
public interface RolloutStore {

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
