package com.wfp.platform.telemetry;

import com.wfp.platform.release.ReleaseId;

import java.time.Instant;

/**
 * Reads what a release did in production, as the progressive rollout's guard needs it. The
 * telemetry adapters (SQLite tables locally, CloudWatch metrics on AWS) implement it over the
 * execution records the pods emit.
 */
@FunctionalInterface
public interface ReleaseMetrics {

    /**
     * The statistics of the release's production executions that started in {@code [from, to)}.
     * A release with no executions there gets {@link WindowStats#EMPTY}.
     */
    WindowStats stats(ReleaseId releaseId, Instant from, Instant to);
}
