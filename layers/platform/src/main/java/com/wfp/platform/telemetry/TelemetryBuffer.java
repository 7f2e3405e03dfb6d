package com.wfp.platform.telemetry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.wfp.platform.port.TelemetryStore;
import com.wfp.platform.release.ReleaseId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The only way production code reaches the {@link TelemetryStore}: a bounded in-memory buffer that
 * callers add to without waiting, and one background writer that drains it into the store in
 * batches. Adding never blocks and never throws: when the buffer is full, or when the store fails
 * to take a batch, the items are dropped and counted ({@link #stats()}), so telemetry can never
 * slow or fail a production call.
 *
 * <p>The writer also turns the gateway's forwarded calls into per-minute metrics per release
 * (calls, errors, a latency histogram), handed to the store as partial minutes that it adds up,
 * and removes what is older than the retention once an hour.
 */
public final class TelemetryBuffer implements ForwardedCalls, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryBuffer.class);

    /**
     * How long raw executions, minute metrics and hour aggregates are kept; minutes older than
     * theirs are rolled up into hours, not lost.
     */
    public record Retention(Duration executions, Duration minutes, Duration hours) {
        /** Seven days of executions, thirty of minute metrics, thirteen months (395 days) of hours. */
        public static final Retention DEFAULTS = new Retention(Duration.ofDays(7), Duration.ofDays(30),
                Duration.ofDays(395));

        public Retention {
            if (executions.toHours() < 1 || minutes.toHours() < 1 || hours.compareTo(minutes) < 0) {
                throw com.wfp.workflow.error.DomainException.badRequest("telemetry.invalid-retention",
                        "A retention of executions " + executions + ", minutes " + minutes + ", hours " + hours
                                + " is not possible",
                        "Keep each at least 1h, and hours at least as long as minutes, such as "
                                + "executions=7d,minutes=30d,hours=395d.");
            }
        }

        /**
         * Parses {@code executions=7d,minutes=30d,hours=395d} (any of them; the others keep their
         * defaults), as {@code WFP_TELEMETRY_RETENTION} gives it.
         */
        public static Retention parse(String text) {
            if (text == null || text.isBlank()) {
                return DEFAULTS;
            }
            Duration executions = DEFAULTS.executions();
            Duration minutes = DEFAULTS.minutes();
            Duration hours = DEFAULTS.hours();
            for (String part : text.split(",")) {
                String[] kv = part.strip().split("=", 2);
                Duration value = kv.length == 2 ? duration(kv[1].strip()) : null;
                if (value == null) {
                    throw invalid(part);
                }
                switch (kv[0].strip()) {
                    case "executions" -> executions = value;
                    case "minutes" -> minutes = value;
                    case "hours" -> hours = value;
                    default -> throw invalid(part);
                }
            }
            return new Retention(executions, minutes, hours);
        }

        private static Duration duration(String text) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,5})([hd])").matcher(text);
            if (!m.matches()) {
                return null;
            }
            long n = Long.parseLong(m.group(1));
            return m.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofDays(n);
        }

        private static com.wfp.workflow.error.DomainException invalid(String part) {
            return com.wfp.workflow.error.DomainException.badRequest("telemetry.invalid-retention",
                    "'" + part.strip() + "' is not a retention",
                    "Give executions=, minutes= and hours= in hours or days, such as executions=7d,minutes=30d,hours=395d.");
        }
    }

    private sealed interface Item permits Executed, Called, Stop {
    }

    private record Executed(ExecutionRecord record) implements Item {
    }

    private record Called(TelemetryBatch.Caller caller) implements Item {
    }

    private record Stop() implements Item {
    }

    private record MinuteKey(ReleaseId releaseId, long epochMinute) {
    }

    /**
     * A release's minute as forwarded calls are counted into it, on the callers' threads and under
     * its own lock; the writer takes it out of {@link #minutesInProgress} and marks it taken, after
     * which a caller that still held it counts into a new one.
     */
    private static final class Partial {
        long calls;
        long errors;
        boolean taken;
        final LatencyHistogram latency = new LatencyHistogram();

        void add(Partial other) {
            calls += other.calls;
            errors += other.errors;
            latency.add(other.latency);
        }
    }

    public static final int DEFAULT_CAPACITY = 50_000;
    /**
     * The most items stored in one batch. A batch has costs of its own (a transaction, each minute's
     * histogram read, merged and written back), so under load the flush interval, not this, should
     * end a batch: at 10,000 calls a second (three items each) a batch holds about a third of a second.
     */
    private static final int BATCH = 10_000;
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final TelemetryStore store;
    private final ReleaseNames names;
    private final Clock clock;
    private final int capacity;
    private final Duration flushInterval;
    private final Retention retention;
    private final ConcurrentLinkedQueue<Item> queue = new ConcurrentLinkedQueue<>();
    // Forwarded calls are counted where they happen instead of queued one by one: a release's minute
    // is a few counters and a histogram, so they need no bound, and none is dropped when the queue is full.
    private final ConcurrentHashMap<MinuteKey, Partial> minutesInProgress = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final LongAdder droppedFull = new LongAdder();
    private final LongAdder droppedFailed = new LongAdder();
    private final Thread writer;
    private volatile boolean stopped;
    private long lastFailureReport;

    /**
     * @param names         names the releases that forwarded calls report by id
     * @param capacity      the most items waiting at once
     * @param flushInterval how long an item may wait before the writer stores it
     */
    public TelemetryBuffer(TelemetryStore store, ReleaseNames names, Clock clock, int capacity, Duration flushInterval,
                           Retention retention) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.store = store;
        this.names = names;
        this.clock = clock;
        this.capacity = capacity;
        this.flushInterval = flushInterval;
        this.retention = retention;
        this.writer = Thread.ofPlatform().name("wfp-telemetry-writer").daemon(true).unstarted(this::drain);
        writer.start();
    }

    /** A buffer of {@value #DEFAULT_CAPACITY} items stored every second, with the default retention. */
    public TelemetryBuffer(TelemetryStore store, ReleaseNames names, Clock clock) {
        this(store, names, clock, DEFAULT_CAPACITY, Duration.ofSeconds(1), Retention.DEFAULTS);
    }

    /** Adds a finished execution. Never blocks; a full buffer drops it. */
    public void execution(ExecutionRecord record) {
        offer(new Executed(record));
    }

    /** Adds who called an execution, learned at the gateway. Never blocks; a full buffer drops it. */
    public void caller(ReleaseId releaseId, String executionId, String keyId) {
        if (executionId == null || keyId == null) {
            return;
        }
        offer(new Called(new TelemetryBatch.Caller(releaseId, executionId, keyId, clock.instant())));
    }

    /**
     * Counts a call the gateway forwarded in its release's minute. Never waits for the store; it
     * takes the minute's lock only for as long as counting takes.
     */
    @Override
    public void forwarded(ReleaseId releaseId, int status, long latencyNanos) {
        if (stopped) {
            droppedFull.increment();
            return;
        }
        MinuteKey key = new MinuteKey(releaseId, Math.floorDiv(clock.millis(), 60_000L));
        while (true) {
            Partial partial = minutesInProgress.computeIfAbsent(key, k -> new Partial());
            synchronized (partial) {
                if (!partial.taken) {
                    partial.calls++;
                    if (status >= 500) {
                        partial.errors++;
                    }
                    partial.latency.record(latencyNanos / 1000);
                    break;
                }
            }
        }
        accepted.increment();
    }

    public TelemetryStats stats() {
        return new TelemetryStats(accepted.sum(), written.sum(), droppedFull.sum(), droppedFailed.sum(),
                Math.max(0, queued.get()), capacity);
    }

    private void offer(Item item) {
        if (stopped || queued.incrementAndGet() > capacity) {
            if (!stopped) {
                queued.decrementAndGet();
            }
            droppedFull.increment();
            return;
        }
        queue.add(item);
        accepted.increment();
    }

    /** Stores what is buffered, then stops the writer; waits at most {@code timeout}. */
    public void close(Duration timeout) {
        if (stopped) {
            return;
        }
        stopped = true;
        queue.add(new Stop());
        LockSupport.unpark(writer);
        try {
            writer.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private void drain() {
        List<ExecutionRecord> executions = new ArrayList<>();
        List<TelemetryBatch.Caller> callers = new ArrayList<>();
        Map<MinuteKey, Partial> minutes = new HashMap<>();
        long itemsInBatch = 0;
        long nextFlush = System.nanoTime() + flushInterval.toNanos();
        Instant nextPurge = clock.instant().plus(Duration.ofMinutes(1));
        // Taken items are given back to the capacity in bulk: the count is the one field every caller
        // also writes, and one update per item from this thread would pull its cache line back and forth.
        int taken = 0;
        while (true) {
            Item item = queue.poll();
            if (item == null || ++taken == 256 || item instanceof Stop) {
                queued.addAndGet(-taken);
                taken = 0;
            }
            if (item != null) {
                switch (item) {
                    case Executed e -> executions.add(e.record());
                    case Called c -> callers.add(c.caller());
                    case Stop s -> {
                        store(executions, callers, minutes, itemsInBatch + takeMinutes(minutes));
                        return;
                    }
                }
                itemsInBatch++;
                if (itemsInBatch < BATCH && System.nanoTime() < nextFlush) {
                    continue;
                }
            } else if (System.nanoTime() < nextFlush) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(20, Math.max(1, flushInterval.toMillis()))));
                continue;
            }
            queued.addAndGet(-taken);
            taken = 0;
            store(executions, callers, minutes, itemsInBatch + takeMinutes(minutes));
            executions.clear();
            callers.clear();
            minutes.clear();
            itemsInBatch = 0;
            nextFlush = System.nanoTime() + flushInterval.toNanos();
            if (clock.instant().isAfter(nextPurge)) {
                purge();
                nextPurge = clock.instant().plus(PURGE_EVERY);
            }
        }
    }

    /** Moves the minutes counted so far into {@code minutes}; returns how many calls they hold. */
    private long takeMinutes(Map<MinuteKey, Partial> minutes) {
        long calls = 0;
        for (MinuteKey key : minutesInProgress.keySet()) {
            Partial partial = minutesInProgress.remove(key);
            if (partial == null) {
                continue;
            }
            synchronized (partial) {
                partial.taken = true;
            }
            minutes.computeIfAbsent(key, k -> new Partial()).add(partial);
            calls += partial.calls;
        }
        return calls;
    }

    private void store(List<ExecutionRecord> executions, List<TelemetryBatch.Caller> callers,
                       Map<MinuteKey, Partial> minutes, long items) {
        if (items == 0) {
            return;
        }
        try {
            List<MinuteMetrics> named = new ArrayList<>(minutes.size());
            for (Map.Entry<MinuteKey, Partial> minute : minutes.entrySet()) {
                Optional<ReleaseNames.Named> name = names.of(minute.getKey().releaseId());
                if (name.isEmpty()) {
                    continue;
                }
                Partial p = minute.getValue();
                named.add(new MinuteMetrics(name.get().ref(), minute.getKey().releaseId(), name.get().version(),
                        Instant.ofEpochSecond(minute.getKey().epochMinute() * 60), p.calls, p.errors, p.latency));
            }
            store.ingest(new TelemetryBatch(executions, callers, named));
            written.add(items);
        } catch (RuntimeException e) {
            droppedFailed.add(items);
            report("a telemetry batch of " + items + " items was dropped: " + e.getMessage());
        }
    }

    private void purge() {
        Instant now = clock.instant();
        try {
            store.purge(now.minus(retention.executions()), now.minus(retention.minutes()).truncatedTo(ChronoUnit.HOURS),
                    now.minus(retention.hours()).truncatedTo(ChronoUnit.HOURS));
        } catch (RuntimeException e) {
            report("old telemetry could not be removed: " + e.getMessage());
        }
    }

    /** At most one line a minute: a failing store must not flood the platform's log. */
    private void report(String message) {
        long now = System.currentTimeMillis();
        if (now - lastFailureReport > 60_000) {
            lastFailureReport = now;
            LOG.warn("{} (telemetry is best effort; counted as dropped)", message);
        }
    }
}
