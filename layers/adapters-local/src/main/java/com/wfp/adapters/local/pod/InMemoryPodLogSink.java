package com.wfp.adapters.local.pod;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Keeps the most recent pod log lines in memory, oldest evicted first. For tests and for a
 * platform that does not persist pod logs.
 */
public final class InMemoryPodLogSink implements PodLogSink {

    /** One received line. */
    public record PodLogLine(String user, String podKind, String jsonLine, Instant receivedAt) {
    }

    private final int capacity;
    private final ArrayDeque<PodLogLine> lines;
    private long evicted;

    public InMemoryPodLogSink(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    @Override
    public synchronized void accept(String user, String podKind, String jsonLine) {
        if (lines.size() == capacity) {
            lines.removeFirst();
            evicted++;
        }
        lines.addLast(new PodLogLine(user, podKind, jsonLine, Instant.now()));
    }

    /** The lines held now, oldest first. */
    public synchronized List<PodLogLine> lines() {
        return List.copyOf(lines);
    }

    /** The lines of one user's pods, oldest first. */
    public synchronized List<PodLogLine> linesOf(String user) {
        return lines.stream().filter(line -> line.user().equals(user)).toList();
    }

    /** How many lines were evicted to stay within capacity. */
    public synchronized long evicted() {
        return evicted;
    }
}
