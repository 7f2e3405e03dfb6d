package com.wfp.adapters.local.pod;

import java.util.List;

/**
 * What survives a platform restart for one pod.
 *
 * @param token    the pod's admin token, reused across restarts
 * @param stopped  true after an explicit stop: {@code restoreAll} leaves such a pod down
 * @param pid      the last process, so that one left behind by a crashed platform can be ended
 * @param port     the last port, tried first when the pod starts again
 * @param releases the releases the pod must hold (production pods only)
 * @param launch   the marker on the command line of the last process launched, saved before it
 *                 starts, so that a process left behind by a platform killed while it started
 *                 can be found and ended although its pid was never saved; null in older files
 */
record PodState(String user, String kind, String token, boolean stopped, long pid, int port,
                List<LoadedRelease> releases, String launch) {

    PodState {
        releases = releases == null ? List.of() : List.copyOf(releases);
    }
}
