package com.wfp.adapters.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * The execution line a production pod writes on stdout for each execution (fields in the pod's
 * {@code PodLog}), read back as an {@link ExecutionRecord}: the one reader of that line, used by
 * the local platform as it reads its pods' output and by the function that forwards the pods'
 * CloudWatch Logs on AWS. The pod masks inputs and secrets before the line leaves it; nothing here
 * unmasks or adds anything but the workflow and version names of the release.
 */
public final class PodExecutionLine {

    /** The line's marker: {@code "event":"execution"}, as the pod writes it (no spaces). */
    public static final String MARKER = "\"event\":\"execution\"";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PodExecutionLine() {
    }

    /** A cheap test before parsing: only a line with the marker can be an execution line. */
    public static boolean mayBeExecution(String line) {
        return line != null && line.contains(MARKER);
    }

    /**
     * The execution the line tells of, or empty when it is no execution line or names a release
     * that is not one of {@code user}'s (a pod runs only its own user's releases: a line naming
     * another user's release is not believed).
     *
     * @param user the user whose production pod wrote the line, as the host knows it (never the line itself)
     * @throws IllegalArgumentException when the line looks like an execution line but cannot be read
     */
    public static Optional<ExecutionRecord> read(String user, String jsonLine, ReleaseNames names) {
        if (!mayBeExecution(jsonLine)) {
            return Optional.empty();
        }
        JsonNode line;
        try {
            line = JSON.readTree(jsonLine);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON line: " + e.getMessage(), e);
        }
        if (line == null || !"execution".equals(line.path("event").asText())) {
            return Optional.empty();
        }
        if (!line.path("releaseId").isTextual() || !line.path("status").isTextual()) {
            throw new IllegalArgumentException("an execution line without releaseId or status");
        }
        JsonNode parsed = line;
        ReleaseId releaseId = fromLine(() -> new ReleaseId(parsed.path("releaseId").asText()));
        // The catalogue's failures are not the line's: they reach the caller as they are.
        Optional<ReleaseNames.Named> named = names.of(releaseId);
        if (named.isEmpty() || !named.get().ref().user().equals(user)) {
            return Optional.empty();
        }
        return Optional.of(fromLine(() -> record(parsed, releaseId, named.get())));
    }

    private static ExecutionRecord record(JsonNode line, ReleaseId releaseId, ReleaseNames.Named named) {
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
        return new ExecutionRecord(line.path("executionId").asText(), named.ref(), releaseId, named.version(),
                startedAt, status, line.path("httpStatus").asInt(),
                trace.path("durationMicros").asLong((long) (line.path("duration").asDouble() * 1000)), null,
                line.path("shadow").asBoolean(false), nodes, failure);
    }

    /** A value read from the line; whatever the line's content makes fail is the line's fault. */
    private static <T> T fromLine(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("an execution line that cannot be read: " + e.getMessage(), e);
        }
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
