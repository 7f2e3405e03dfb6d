package com.wfp.adapters.local.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the traces of the debug pods' recent executions, read from the execution lines the pods
 * write on stdout, so that a draft run can answer with its trace. Production pods' lines are not
 * kept here: they are telemetry, not answers.
 */
public final class ExecutionTraces implements PodLogSink {

    private static final String DEBUG_KIND = "debug";
    private static final int CAPACITY = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> byExecutionId = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CAPACITY;
        }
    };

    @Override
    public void accept(String user, String podKind, String jsonLine) {
        if (!DEBUG_KIND.equals(podKind) || !jsonLine.contains("\"execution\"")) {
            return;
        }
        try {
            JsonNode line = JSON.readTree(jsonLine);
            if ("execution".equals(line.path("event").asText()) && line.hasNonNull("executionId")) {
                synchronized (byExecutionId) {
                    byExecutionId.put(line.get("executionId").asText(),
                            line.has("trace") ? line.get("trace").toString() : "null");
                    byExecutionId.notifyAll();
                }
            }
        } catch (IOException e) {
            // Not a JSON line: the pod's stray output, which carries no trace.
        }
    }

    /** The execution's trace as JSON text, waiting up to {@code timeout} for its line to arrive. */
    public Optional<String> await(String executionId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (byExecutionId) {
            while (!byExecutionId.containsKey(executionId)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                try {
                    byExecutionId.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
            return Optional.of(byExecutionId.remove(executionId));
        }
    }
}
