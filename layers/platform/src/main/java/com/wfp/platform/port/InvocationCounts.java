package com.wfp.platform.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Per-principal, per-minute counts of allowed production calls shared by every process that
 * authorizes calls (each Lambda container on AWS), so the audit trail gets one record per
 * principal per minute with the calls of all of them. Additions are atomic; a count is taken
 * (read and removed in one step) by exactly one caller when its minute is written to the trail.
 */
public interface InvocationCounts {

    /**
     * One principal's calls in one minute.
     *
     * @param principal the key id (or person) the calls came from
     * @param minute    the minute's start
     * @param calls     how many
     */
    record MinuteCount(String principal, Instant minute, long calls) {
    }

    /** Adds {@code calls} to the principal's count of the minute, creating it when there is none. */
    void add(String principal, Instant minute, long calls);

    /** Counts of minutes starting before {@code minute}, oldest first, at most {@code limit}. */
    List<MinuteCount> before(Instant minute, int limit);

    /**
     * Removes the count and answers it, or empty when there is none (another caller took it);
     * additions made after it is taken start a new count.
     */
    Optional<MinuteCount> take(String principal, Instant minute);
}
