package com.wfp.platform.port;

import com.wfp.platform.release.ReleaseId;

import java.util.Set;

/**
 * A pod's answer to a health check.
 *
 * @param healthy  true when the pod serves calls
 * @param loaded   the releases it holds in memory
 * @param detail   a short explanation when unhealthy (empty otherwise)
 */
public record PodHealth(boolean healthy, Set<ReleaseId> loaded, String detail) {

    public PodHealth {
        loaded = Set.copyOf(loaded);
        detail = detail == null ? "" : detail;
    }
}
