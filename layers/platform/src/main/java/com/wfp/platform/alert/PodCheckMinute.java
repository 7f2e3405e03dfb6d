package com.wfp.platform.alert;

import java.time.Instant;

/**
 * The scheduled health checks of one user's production pod in one minute.
 *
 * @param minute   the minute's start (UTC)
 * @param checks   how many checks ran
 * @param upChecks how many found the pod answering
 */
public record PodCheckMinute(String user, Instant minute, long checks, long upChecks) {
}
