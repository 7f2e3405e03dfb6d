package com.wfp.platform.audit;

import com.wfp.platform.port.InvocationCounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts allowed production calls per principal (key id) per minute and writes one audit record
 * per principal for each minute that had calls, so the trail shows who called without a record
 * per call. A call costs a map lookup and an add; the minute's counts leave by the first call of
 * the next minute, or by {@link #flush()}.
 *
 * <p>In one process (the local gateway) they are written to the trail at once. Where several
 * processes count the same keys (Lambda containers), each adds its counts to the shared
 * {@link InvocationCounts} instead, at most once per principal per minute, and {@link #sweep()}
 * writes each minute's total as one record once the minute has been over for
 * {@link #SETTLE}: a count added after its minute was swept (a container that flushed late) is
 * written by a later sweep as a second record of that minute, so no call is counted twice or lost
 * between containers. Counts still held by a container that is reclaimed before its next call
 * are lost.
 */
public final class InvocationCounter implements AutoCloseable {

    /** The action of the per-minute records. */
    public static final String ACTION = "invoke (calls in one minute)";

    /** How long after its end a minute is left for late containers before it is swept into the trail. */
    public static final Duration SETTLE = Duration.ofMinutes(2);
    private static final int SWEEP_PAGE = 100;
    private static final int SWEEP_MAX = 2_000;

    private final AuditTrail trail;
    private final InvocationCounts shared;
    private final Clock clock;
    private final Object rollover = new Object();
    private volatile long minute;
    private volatile ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Counts of one process, written straight to the trail. */
    public InvocationCounter(AuditTrail trail, Clock clock) {
        this(trail, null, clock);
    }

    /**
     * @param shared where the counts of every process meet before they are written, or null for
     *               one process
     */
    public InvocationCounter(AuditTrail trail, InvocationCounts shared, Clock clock) {
        this.trail = trail;
        this.shared = shared;
        this.clock = clock;
        this.minute = minuteOf(clock.instant());
    }

    /**
     * Counts one allowed call by the principal. The call is counted even when handing the last
     * minute's counts on fails; that failure is thrown afterwards, for the caller to log.
     */
    public void count(String principal) {
        long now = minuteOf(clock.instant());
        RuntimeException failure = now != minute ? rollOver(now) : null;
        counts.computeIfAbsent(principal, p -> new LongAdder()).increment();
        if (failure != null) {
            throw failure;
        }
    }

    /** Writes the current minute's counts now (at shutdown). */
    public void flush() {
        RuntimeException failure = rollOver(minuteOf(clock.instant()) + 1);
        if (failure != null) {
            throw failure;
        }
    }

    /** Hands on the finished minute's counts, each on its own, and answers the first failure. */
    private RuntimeException rollOver(long now) {
        Map<String, LongAdder> done;
        long doneMinute;
        synchronized (rollover) {
            if (now == minute) {
                return null;
            }
            done = counts;
            doneMinute = minute;
            counts = new ConcurrentHashMap<>();
            minute = now;
        }
        Instant at = Instant.ofEpochSecond(doneMinute * 60);
        RuntimeException failure = null;
        for (Map.Entry<String, LongAdder> count : done.entrySet()) {
            try {
                if (shared == null) {
                    record(count.getKey(), at, count.getValue().sum());
                } else {
                    shared.add(count.getKey(), at, count.getValue().sum());
                }
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (shared != null) {
            try {
                sweep();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        return failure;
    }

    /**
     * Writes every shared count whose minute ended {@link #SETTLE} ago or earlier as one record
     * and removes it; several sweepers at once each write different counts.
     *
     * @return how many records were written
     */
    public int sweep() {
        if (shared == null) {
            return 0;
        }
        // A minute is settled once it ended SETTLE ago: it starts before now - SETTLE - 1 minute.
        Instant settled = clock.instant().minus(SETTLE).minus(Duration.ofMinutes(1));
        int written = 0;
        for (int pages = 0; pages < SWEEP_MAX / SWEEP_PAGE; pages++) {
            List<InvocationCounts.MinuteCount> page = shared.before(settled, SWEEP_PAGE);
            if (page.isEmpty()) {
                return written;
            }
            int taken = 0;
            for (InvocationCounts.MinuteCount count : page) {
                Optional<InvocationCounts.MinuteCount> mine = shared.take(count.principal(), count.minute());
                if (mine.isPresent()) {
                    taken++;
                    written++;
                    writeTaken(mine.get());
                }
            }
            if (taken == 0 || page.size() < SWEEP_PAGE) {
                return written;
            }
        }
        return written;
    }

    private void writeTaken(InvocationCounts.MinuteCount count) {
        try {
            record(count.principal(), count.minute(), count.calls());
        } catch (RuntimeException e) {
            // Put the count back for the next sweep rather than lose it, then report the failure.
            try {
                shared.add(count.principal(), count.minute(), count.calls());
            } catch (RuntimeException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
    }

    private void record(String principal, Instant minute, long calls) {
        trail.record(principal, ACTION, "/w/", Map.of("minute", minute.toString(), "calls", Long.toString(calls)), "",
                AuditOutcome.ALLOWED, "200");
    }

    private static long minuteOf(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MINUTES).getEpochSecond() / 60;
    }

    @Override
    public void close() {
        flush();
    }
}
