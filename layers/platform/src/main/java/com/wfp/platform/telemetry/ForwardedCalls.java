package com.wfp.platform.telemetry;

import com.wfp.platform.release.ReleaseId;

/**
 * Told about every call the data path forwarded to a pod, live or shadow, once its answer came
 * back: the telemetry that progressive rollouts judge by.
 */
@FunctionalInterface
public interface ForwardedCalls {

    /** Listens to nothing. */
    ForwardedCalls NONE = (releaseId, status, latencyNanos) -> {
    };

    /**
     * @param status       the pod's HTTP status; 500 and above count as errors, as do calls the pod
     *                     never answered (reported as 502)
     * @param latencyNanos from the call's arrival at the gateway to the pod's answer
     */
    void forwarded(ReleaseId releaseId, int status, long latencyNanos);
}
