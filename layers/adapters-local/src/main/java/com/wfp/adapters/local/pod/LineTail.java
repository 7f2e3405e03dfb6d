package com.wfp.adapters.local.pod;

import java.util.ArrayDeque;
import java.util.List;

/** The last few lines a process wrote, for error messages. */
final class LineTail {

    private static final int MAX_LINE_LENGTH = 2000;

    private final int capacity;
    private final ArrayDeque<String> lines;

    LineTail(int capacity) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line.length() > MAX_LINE_LENGTH ? line.substring(0, MAX_LINE_LENGTH) + "..." : line);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines joined for a message, or a note that there were none. */
    String describe() {
        List<String> snapshot = lines();
        return snapshot.isEmpty() ? "(the process wrote nothing)" : String.join("\n", snapshot);
    }
}
