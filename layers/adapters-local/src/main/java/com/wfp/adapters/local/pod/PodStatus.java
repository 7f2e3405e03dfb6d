package com.wfp.adapters.local.pod;

import java.time.Duration;
import java.util.List;

/**
 * A pod's state as the manager sees it.
 *
 * @param status   the pod's own status ({@code "ready"} when it answers), or {@code "stopped"},
 *                 {@code "restarting"}, {@code "unreachable"} when it does not
 * @param releases release ids loaded in the pod (as the pod reports them; the manager's list when
 *                 the pod does not answer)
 * @param pid      process id, or -1 when no process runs
 * @param port     port on 127.0.0.1, or -1 when no process runs
 * @param restarts how many times the manager restarted this pod after a crash
 * @param uptime   time since the current process became ready, zero when none runs
 * @param inFlight executions running now (zero when no process runs, -1 when the pod did not answer)
 * @param queued   executions waiting for a slot (as {@code inFlight})
 */
public record PodStatus(String status, List<String> releases, long pid, int port, int restarts, Duration uptime,
                        int inFlight, int queued) {

    public static final String READY = "ready";
    public static final String STOPPED = "stopped";
    public static final String RESTARTING = "restarting";
    public static final String UNREACHABLE = "unreachable";

    public PodStatus {
        releases = List.copyOf(releases);
    }

    public boolean isReady() {
        return READY.equals(status);
    }
}
