package com.wfp.platform.routing;

import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.ReleaseId;
import com.wfp.workflow.error.DomainException;

/**
 * Mirrors a share of live calls to a release whose responses are discarded, to try it on real
 * traffic without affecting callers.
 *
 * @param releaseId the release that receives the copies
 * @param percent   1 to 100 percent of calls are mirrored
 */
public record Shadow(ReleaseId releaseId, int percent) {

    public Shadow {
        InputRules.required("shadow release id", releaseId);
        if (percent < 1 || percent > 100) {
            throw DomainException.badRequest("routing.invalid-shadow",
                    "The shadow percentage is " + percent + "; it must be 1 to 100",
                    "Mirror between 1 and 100 percent of calls, or remove the shadow.");
        }
    }
}
