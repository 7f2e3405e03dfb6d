package com.wfp.platform.telemetry;

import java.time.Instant;
import java.util.List;

/**
 * One error group as {@code wfp errors show} presents it: the group, how it is trending, its
 * newest recorded failure (stack trace, masked input, the execution's context) and what to do
 * about a regression.
 *
 * @param trend        failures per day over the last {@value #TREND_DAYS} days, oldest first (only the
 *                     executions still kept count)
 * @param lastDay      failures in the last 24 hours
 * @param dayBefore    failures in the 24 hours before those
 * @param direction    {@code new}, {@code rising}, {@code falling}, {@code steady} or {@code quiet}
 * @param latest       the newest recorded failure, or null when none is kept any more
 * @param rollbackHint what to do when the release the group was first seen in brought it
 */
public record ErrorGroupReport(ErrorGroup group, List<DayCount> trend, long lastDay, long dayBefore, String direction,
                               ExecutionRecord latest, String rollbackHint) {

    /** Days of trend. */
    public static final int TREND_DAYS = 7;

    /** Failures of the group that started on one UTC day. */
    public record DayCount(Instant day, long count) {
    }
}
