package com.wfp.platform.routing;

import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.ReleaseId;
import com.wfp.workflow.error.DomainException;

/**
 * The percent units {@code [start, end)} of a routing's layout, owned by one release. Units are
 * the whole percentages 0 to 99; a release with weight w owns exactly w of them.
 *
 * @param releaseId the release that serves the callers whose sticky key falls in these units
 * @param start     the first unit, 0 to 99
 * @param end       one past the last unit, {@code start + 1} to 100
 */
public record LayoutSegment(ReleaseId releaseId, int start, int end) {

    public LayoutSegment {
        InputRules.required("release id", releaseId);
        if (start < 0 || end > RoutingConfig.UNITS || start >= end) {
            throw DomainException.badRequest("routing.invalid-layout",
                    "The layout segment [" + start + ", " + end + ") of release " + releaseId
                            + " is not a range of percent units within [0, 100)",
                    "Leave the layout out to have it derived from the weights.");
        }
    }
}
