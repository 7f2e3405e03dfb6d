package com.wfp.platform.telemetry;

import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The production calls of one release in one minute, as the gateway forwarded them: how many,
 * how many failed (status 500 and above, or no answer), and their latencies from arrival at the
 * gateway to the pod's answer.
 *
 * @param minute the minute's start (UTC, whole minute)
 */
public record MinuteMetrics(WorkflowRef ref, ReleaseId releaseId, String version, Instant minute, long calls,
                            long errors, LatencyHistogram latency) {

    public MinuteMetrics {
        InputRules.required("workflow", ref);
        InputRules.required("release id", releaseId);
        InputRules.required("minute", minute);
        InputRules.required("latency", latency);
        minute = minute.truncatedTo(ChronoUnit.MINUTES);
        version = version == null ? "" : version;
    }
}
