package com.wfp.platform.port;

import com.wfp.platform.release.ReleaseId;

/**
 * Runs a trigger's example input once against a release loaded in a pod, as the health check of
 * a publish. The run is marked as a dry run so that it is not counted as production traffic.
 */
@FunctionalInterface
public interface DryRun {

    /**
     * The outcome of one dry run.
     *
     * @param status the HTTP status the release answered with
     * @param body   the response body, possibly truncated
     */
    record Result(int status, String body) {

        /** True for a 2xx status. */
        public boolean succeeded() {
            return status >= 200 && status < 300;
        }
    }

    /** Sends {@code exampleInputJson} to {@code releaseId} on the pod and returns its answer. */
    Result run(PodEndpoint pod, ReleaseId releaseId, String exampleInputJson);
}
