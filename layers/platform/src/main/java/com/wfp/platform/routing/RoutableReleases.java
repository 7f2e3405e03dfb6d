package com.wfp.platform.routing;

import com.wfp.platform.port.RoutingStore;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;

import java.util.HashSet;
import java.util.Set;

/**
 * The releases of a workflow that passed their deployment, told from the routing history: a
 * publish puts its release in the routing (at its share, or at 0% when staged) in the same
 * transaction that marks its deployment SUCCEEDED, so a release the routing has never named is
 * one whose deployment failed (at load, health check or dry run) or is still running. Such a
 * release must never be routed by a traffic change: that would skip the gates it did not pass.
 *
 * @param everRouted every release the routing names now or named at any revision
 */
public record RoutableReleases(Set<ReleaseId> everRouted) {

    public RoutableReleases {
        everRouted = Set.copyOf(everRouted);
    }

    /** Reads the workflow's current routing and its history. */
    public static RoutableReleases load(RoutingStore routings, WorkflowRef ref) {
        Set<ReleaseId> ids = new HashSet<>(routings.routing(ref).referencedReleases());
        for (RoutingChange change : routings.routingHistory(ref)) {
            ids.addAll(change.before().referencedReleases());
            ids.addAll(change.after().referencedReleases());
        }
        return new RoutableReleases(ids);
    }

    /** True when the release passed its deployment and may be routed. */
    public boolean routable(ReleaseId id) {
        return everRouted.contains(id);
    }
}
