package com.wfp.platform.port;

import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RoutingChange;
import com.wfp.platform.routing.RoutingConfig;

import java.util.List;

/**
 * Each workflow's routing with its history. Changes are compare-and-set on the revision, so
 * exactly one of two racing writers wins; a routing names only releases of its own workflow.
 * Every implementation passes {@code ReleaseStoreContract.RoutingStoreContract}.
 */
public interface RoutingStore {

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

    /**
     * The routing of every workflow of the project {@code user/project} that was ever routed
     * (published, retired ones included), ordered by workflow name; empty when none was.
     */
    List<RoutingConfig> routings(String user, String project);

    /** Every routing change of the workflow, newest first; empty when never routed. */
    List<RoutingChange> routingHistory(WorkflowRef ref);
}
