package com.wfp.handlers;

import com.wfp.platform.port.ReleaseStore;
import com.wfp.platform.traffic.RolloutController;
import com.wfp.platform.traffic.TrafficService;

import java.util.Objects;

/**
 * The domain services the traffic, rollback, history and rollout handlers call, built once by
 * whoever hosts the handlers and handed to each handler's constructor by {@link HandlerFactory}.
 *
 * @param traffic  changes weights, stickiness, shadow, and rolls back
 * @param rollouts starts, reports and cancels progressive rollouts
 * @param store    reads release names and the routing history
 */
public record TrafficServices(TrafficService traffic, RolloutController rollouts, ReleaseStore store) {

    public TrafficServices {
        Objects.requireNonNull(traffic, "traffic");
        Objects.requireNonNull(rollouts, "rollouts");
        Objects.requireNonNull(store, "store");
    }
}
