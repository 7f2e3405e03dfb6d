package com.wfp.platform.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts allowed production calls per principal (key id) per minute and writes one audit record
 * per principal for each minute that had calls, so the trail shows who called without a record
 * per call. A call costs a map lookup and an add; the minute's records are written by the first
 * call of the next minute, or by {@link #flush()}.
 */
public final class InvocationCounter implements AutoCloseable {

    /** The action of the per-minute records. */
    public static final String ACTION = "invoke (calls in one minute)";

    private final AuditTrail trail;
    private final Clock clock;
    private final Object rollover = new Object();
    private volatile long minute;
    private volatile ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    public InvocationCounter(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
        this.minute = minuteOf(clock.instant());
    }

    /** Counts one allowed call by the principal. */
    public void count(String principal) {
        long now = minuteOf(clock.instant());
        if (now != minute) {
            rollOver(now);
        }
        counts.computeIfAbsent(principal, p -> new LongAdder()).increment();
    }

    /** Writes the current minute's counts now (at shutdown). */
    public void flush() {
        rollOver(minuteOf(clock.instant()) + 1);
    }

    private void rollOver(long now) {
        Map<String, LongAdder> done;
        long doneMinute;
        synchronized (rollover) {
            if (now == minute) {
                return;
            }
            done = counts;
            doneMinute = minute;
            counts = new ConcurrentHashMap<>();
            minute = now;
        }
        String at = Instant.ofEpochSecond(doneMinute * 60).toString();
        done.forEach((principal, calls) -> trail.record(principal, ACTION, "/w/", Map.of("minute", at,
                "calls", Long.toString(calls.sum())), "", AuditOutcome.ALLOWED, "200"));
    }

    private static long minuteOf(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MINUTES).getEpochSecond() / 60;
    }

    @Override
    public void close() {
        flush();
    }
}
