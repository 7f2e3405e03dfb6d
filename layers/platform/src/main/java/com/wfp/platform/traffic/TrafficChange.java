package com.wfp.platform.traffic;

import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.routing.RoutingConfig;

import java.util.List;

/**
 * The outcome of one traffic operation.
 *
 * @param before          the routing the operation was applied to
 * @param after           the routing now stored; equal to {@code before} when nothing had to change
 * @param why             the reason written to the routing history (empty when nothing changed)
 * @param loadedIntoPod   the releases that had to be loaded into the pod before they were routed
 */
public record TrafficChange(RoutingConfig before, RoutingConfig after, String why, List<ReleaseId> loadedIntoPod) {

    public TrafficChange {
        loadedIntoPod = List.copyOf(loadedIntoPod);
    }

    /** True when the routing changed and a history entry was written. */
    public boolean changed() {
        return after.revision() != before.revision();
    }
}
