package com.wfp.platform.routing;

import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.ReleaseId;
import com.wfp.workflow.error.DomainException;

/**
 * The share of a workflow's traffic one release receives, in whole percent. A weight of 0 keeps
 * the release routed (loaded, reachable by its pinned URL) without unpinned traffic: "staged".
 */
public record RouteWeight(ReleaseId releaseId, int weight) {

    public RouteWeight {
        InputRules.required("release id", releaseId);
        if (weight < 0 || weight > 100) {
            throw DomainException.badRequest("routing.invalid-weight",
                    "The weight of release " + releaseId + " is " + weight + "; weights are 0 to 100",
                    "Give each release a whole percentage between 0 and 100.");
        }
    }
}
