package com.wfp.platform.routing;

import com.wfp.platform.release.ReleaseId;

/**
 * Where one production call goes.
 *
 * @param releaseId       the release that serves the call ({@code POST /run/{releaseId}} on the pod)
 * @param versionName     its version name, for the response header and the execution record
 * @param reason          which routing rule chose it
 * @param shadowReleaseId the release that also receives a copy of the call, whose answer is
 *                        discarded; null when the call is not mirrored
 */
public record Decision(ReleaseId releaseId, String versionName, RouteReason reason, ReleaseId shadowReleaseId) {

    /** True when a copy of the call also goes to {@link #shadowReleaseId()}. */
    public boolean mirrored() {
        return shadowReleaseId != null;
    }
}
