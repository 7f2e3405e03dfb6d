package com.wfp.handlers.http;

import com.wfp.platform.rollout.RolloutController;
import com.wfp.platform.telemetry.ReleaseMetrics;
import com.wfp.platform.telemetry.WindowStats;
import com.wfp.platform.traffic.TrafficQueries;
import com.wfp.platform.traffic.TrafficService;

import java.time.Clock;
import java.util.Objects;

/**
 * The domain services the traffic, rollback, history and rollout handlers call, built once by
 * whoever hosts the handlers and handed to each handler's constructor by {@link HandlerServices}.
 *
 * @param traffic  changes weights, stickiness, shadow, and rolls back
 * @param rollouts starts, reports and cancels progressive rollouts
 * @param queries  reads version names and the routing history for the views
 * @param metrics  what each release did lately, shown beside its weight
 * @param clock    where "lately" ends
 */
public record TrafficServices(TrafficService traffic, RolloutController rollouts, TrafficQueries queries,
                              ReleaseMetrics metrics, Clock clock) {

    public TrafficServices {
        Objects.requireNonNull(traffic, "traffic");
        Objects.requireNonNull(rollouts, "rollouts");
        Objects.requireNonNull(queries, "queries");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(clock, "clock");
    }

    /** Services for a host that keeps no telemetry: every release shows an empty window. */
    public TrafficServices(TrafficService traffic, RolloutController rollouts, TrafficQueries queries) {
        this(traffic, rollouts, queries, (release, from, to) -> WindowStats.EMPTY, Clock.systemUTC());
    }
}
