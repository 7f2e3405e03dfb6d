package com.wfp.platform.pod;

import java.time.Duration;
import java.util.List;

/**
 * One pod as an operator sees it: whose it is, its state, its process, what it holds, how busy it
 * is and the plan it runs with.
 *
 * @param user        the pod's user
 * @param kind        {@code production} or {@code debug}
 * @param state       {@code ready}, {@code stopped}, {@code restarting}, {@code unreachable} or {@code draining}
 * @param pid         the process id, or -1 when none runs (or the host does not show it)
 * @param memoryBytes the process's resident memory, or -1 when unknown
 * @param inFlight    executions running now, or -1 when the pod did not say
 * @param queued      executions waiting for a slot, or -1 when the pod did not say
 * @param restarts    restarts after a crash since the platform started
 * @param uptime      since the current process became ready; zero when none runs
 * @param releases    release ids the pod holds
 * @param plan        the plan the pod runs with
 * @param planPending true when the user's saved plan differs from the one the running pod was started with:
 *                    it takes effect at the pod's next start
 */
public record PodSummary(String user, String kind, String state, long pid, long memoryBytes, int inFlight, int queued,
                         int restarts, Duration uptime, List<String> releases, PodPlan plan, boolean planPending) {

    public PodSummary {
        releases = List.copyOf(releases);
    }
}
