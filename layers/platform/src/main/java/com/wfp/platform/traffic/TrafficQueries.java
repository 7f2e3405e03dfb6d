package com.wfp.platform.traffic;

import com.wfp.platform.port.ReleaseCatalogue;
import com.wfp.platform.port.RoutingStore;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RoutingChange;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the traffic views read: a workflow's routing history, and the version name of each of its
 * releases. The names come from one read of the catalogue, so a view of many routings (the
 * history shows two per change) costs one read rather than one per weight.
 */
public final class TrafficQueries {

    private final ReleaseCatalogue catalogue;
    private final RoutingStore routingStore;

    public TrafficQueries(ReleaseCatalogue catalogue, RoutingStore routingStore) {
        this.catalogue = catalogue;
        this.routingStore = routingStore;
    }

    /** Every routing change of the workflow, newest first; empty for one never routed. */
    public List<RoutingChange> history(WorkflowRef ref) {
        return routingStore.routingHistory(ref);
    }

    /** The version name of every release of the workflow, by release id; empty when it has none. */
    public Map<ReleaseId, String> versionNames(WorkflowRef ref) {
        Map<ReleaseId, String> names = new HashMap<>();
        for (Release release : catalogue.releases(ref)) {
            names.put(release.id(), release.versionName());
        }
        return names;
    }
}
