package com.wfp.platform.traffic;

import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.routing.RoutingConfig;

import java.time.Duration;

/**
 * The outcome of a rollback.
 *
 * @param fromRelease   the release that lost the most traffic, or null when no other took any
 * @param toRelease     the release that now takes all traffic
 * @param toVersion     its version name
 * @param routing       the routing now stored
 * @param loadedIntoPod true when the target had to be loaded back into the pod first
 * @param attempts      compare-and-set attempts needed (more than 1 when other changes raced it)
 * @param took          wall time from the call to the stored routing
 * @param why           the reason written to the routing history
 * @param reason        why this target, when the caller named none ("v1.0.0 is the release that
 *                      served before the last change ..."); null when a version was named
 */
public record RollbackResult(ReleaseId fromRelease, ReleaseId toRelease, String toVersion, RoutingConfig routing,
                             boolean loadedIntoPod, int attempts, Duration took, String why,
                             String reason) {
}
