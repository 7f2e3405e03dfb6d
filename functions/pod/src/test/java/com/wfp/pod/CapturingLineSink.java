package com.wfp.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A log sink that keeps the lines in memory, parsed as JSON, so tests can read what the pod logged. */
final class CapturingLineSink implements LineSink {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void write(String line) {
        lines.add(line);
    }

    @Override
    public void flush() {
        // Lines are visible as soon as they are written.
    }

    List<String> rawLines() {
        return List.copyOf(lines);
    }

    /** Every line parsed as JSON (a line that is not JSON fails the test). */
    List<JsonNode> json() {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines) {
            try {
                parsed.add(JSON.readTree(line));
            } catch (Exception e) {
                throw new AssertionError("log line is not JSON: " + line, e);
            }
        }
        return parsed;
    }

    /** Waits until a line matches, returning it. */
    JsonNode await(Predicate<JsonNode> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode line : json()) {
                if (condition.test(line)) {
                    return line;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no log line matched within " + timeout + "; lines: " + lines);
    }

    /** Waits until at least {@code count} lines match, returning them. */
    List<JsonNode> awaitCount(Predicate<JsonNode> condition, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> matching = List.of();
        while (System.nanoTime() < deadline) {
            matching = json().stream().filter(condition).toList();
            if (matching.size() >= count) {
                return matching;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("only " + matching.size() + " of " + count + " log lines matched within " + timeout);
    }
}
