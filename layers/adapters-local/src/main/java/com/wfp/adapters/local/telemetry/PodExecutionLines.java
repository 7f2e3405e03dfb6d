package com.wfp.adapters.local.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.adapters.local.pod.PodLogSink;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.telemetry.ExecutionFailure;
import com.wfp.platform.telemetry.ExecutionRecord;
import com.wfp.platform.telemetry.NodeTiming;
import com.wfp.platform.telemetry.ReleaseNames;
import com.wfp.workflow.engine.ExecutionStatus;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Turns the execution lines the production pods write on stdout into {@link ExecutionRecord}s:
 * the local platform's feed of execution telemetry (on AWS the same lines go to CloudWatch Logs).
 * Lines of debug pods (draft runs), lines that are not executions and lines of releases the
 * catalogue does not know are skipped; a line that cannot be read is counted, never thrown.
 */
public final class PodExecutionLines implements PodLogSink {

    private static final String PRODUCTION_KIND = "production";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReleaseNames names;
    private final Consumer<ExecutionRecord> executions;
    private final LongAdder unreadable = new LongAdder();

    /**
     * @param executions takes each record; must not block (the pod's output waits on this thread)
     */
    public PodExecutionLines(ReleaseNames names, Consumer<ExecutionRecord> executions) {
        this.names = names;
        this.executions = executions;
    }

    @Override
    public void accept(String user, String podKind, String jsonLine) {
        if (!PRODUCTION_KIND.equals(podKind) || !jsonLine.contains("\"event\":\"execution\"")) {
            return;
        }
        try {
            record(user, JSON.readTree(jsonLine)).ifPresent(executions);
        } catch (IOException | RuntimeException e) {
            unreadable.increment();
        }
    }

    /** Lines that looked like executions but could not be read. */
    public long unreadable() {
        return unreadable.sum();
    }

    private Optional<ExecutionRecord> record(String user, JsonNode line) {
        if (!"execution".equals(line.path("event").asText())) {
            return Optional.empty();
        }
        ReleaseId releaseId = new ReleaseId(line.path("releaseId").asText());
        Optional<ReleaseNames.Named> named = names.of(releaseId);
        // A pod runs only its own user's releases; a line naming another user's is not believed.
        if (named.isEmpty() || !named.get().ref().user().equals(user)) {
            return Optional.empty();
        }
        JsonNode trace = line.path("trace");
        long startedMs = trace.path("startedAtMs").asLong(0);
        Instant startedAt = startedMs > 0 ? Instant.ofEpochMilli(startedMs)
                : Instant.ofEpochMilli(line.path("_aws").path("Timestamp").asLong(System.currentTimeMillis()));
        ExecutionStatus status = ExecutionStatus.valueOf(line.path("status").asText());
        List<NodeTiming> nodes = new ArrayList<>();
        for (JsonNode node : trace.path("nodes")) {
            nodes.add(new NodeTiming(node.path("nodeId").asText(), node.path("type").asText(),
                    node.path("status").asText(""), node.path("durationMicros").asLong(),
                    node.hasNonNull("upstreamHost") ? node.get("upstreamHost").asText() : null,
                    node.path("upstreamStatus").asInt(0)));
        }
        ExecutionFailure failure = null;
        if (line.hasNonNull("errorType")) {
            String stack = line.path("stackTrace").asText("");
            failure = new ExecutionFailure(line.hasNonNull("errorNode") ? line.get("errorNode").asText() : null,
                    line.get("errorType").asText(), exceptionType(stack), line.path("errorMessage").asText(""), stack,
                    line.path("input").asText(""));
        }
        return Optional.of(new ExecutionRecord(line.path("executionId").asText(), named.get().ref(), releaseId,
                named.get().version(), startedAt, status, line.path("httpStatus").asInt(),
                trace.path("durationMicros").asLong((long) (line.path("duration").asDouble() * 1000)), null,
                line.path("shadow").asBoolean(false), nodes, failure));
    }

    /** The exception class a stack trace starts with ({@code com.x.FooException: message}), or empty. */
    static String exceptionType(String stack) {
        if (stack == null || stack.isBlank()) {
            return "";
        }
        String first = stack.lines().findFirst().orElse("").strip();
        int colon = first.indexOf(':');
        String type = colon < 0 ? first : first.substring(0, colon);
        return type.matches("[A-Za-z_$][\\w$.]*") ? type : "";
    }
}
