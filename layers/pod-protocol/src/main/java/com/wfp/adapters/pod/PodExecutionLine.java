package com.wfp.adapters.pod;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 * unmasks or adds anything but the workflow and version names of the release. The caller's key id
 * comes in the line itself ({@code callerKeyId}, which the gateway told the pod in
 * {@link PodProtocol#CALLER_HEADER}).
 */
public final class PodExecutionLine {

    /** The line's marker: {@code "event":"execution"}, as the pod writes it (no spaces). */
    public static final String MARKER = "\"event\":\"execution\"";

    private static final JsonFactory JSON = new JsonFactory();

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
        Fields line;
        try (JsonParser parser = JSON.createParser(jsonLine)) {
            line = Fields.read(parser);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON line: " + e.getMessage(), e);
        }
        if (line == null || !"execution".equals(line.event)) {
            return Optional.empty();
        }
        if (line.releaseId == null || line.status == null) {
            throw new IllegalArgumentException("an execution line without releaseId or status");
        }
        ReleaseId releaseId = fromLine(() -> new ReleaseId(line.releaseId));
        // The catalogue's failures are not the line's: they reach the caller as they are.
        Optional<ReleaseNames.Named> named = names.of(releaseId);
        if (named.isEmpty() || !named.get().ref().user().equals(user)) {
            return Optional.empty();
        }
        return Optional.of(fromLine(() -> record(line, releaseId, named.get())));
    }

    private static ExecutionRecord record(Fields line, ReleaseId releaseId, ReleaseNames.Named named) {
        Instant startedAt = Instant.ofEpochMilli(line.startedAtMs > 0 ? line.startedAtMs
                : line.awsTimestamp != null ? line.awsTimestamp : System.currentTimeMillis());
        ExecutionStatus status = ExecutionStatus.valueOf(line.status);
        ExecutionFailure failure = null;
        if (line.errorType != null) {
            String stack = line.stackTrace == null ? "" : line.stackTrace;
            failure = new ExecutionFailure(line.errorNode, line.errorType, exceptionType(stack),
                    line.errorMessage == null ? "" : line.errorMessage, stack, line.input == null ? "" : line.input);
        }
        return new ExecutionRecord(line.executionId, named.ref(), releaseId, named.version(), startedAt, status,
                line.httpStatus, line.durationMicros != null ? line.durationMicros : (long) (line.durationMs * 1000),
                line.callerKeyId, line.shadow, line.nodes, failure);
    }

    /**
     * The fields of an execution line, read in one pass over its tokens: every production execution's line
     * is read, and building a tree of it first cost more than the rest of recording it. Unknown fields and
     * structures are skipped; when a field repeats, its last value counts.
     */
    private static final class Fields {
        String event;
        String releaseId;
        String status;
        String executionId = "";
        int httpStatus;
        double durationMs;
        boolean shadow;
        String errorType;
        String errorNode;
        String errorMessage;
        String stackTrace;
        String input;
        String callerKeyId;
        Long awsTimestamp;
        long startedAtMs;
        Long durationMicros;
        List<NodeTiming> nodes = new ArrayList<>();

        /** The line's fields, or null when the line is not a JSON object. */
        static Fields read(JsonParser p) throws IOException {
            JsonToken root = p.nextToken();
            if (root != JsonToken.START_OBJECT) {
                return null;
            }
            Fields f = new Fields();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("_aws") && f.startedAtMs > 0) {
                    // The pod writes its metrics header last, after every field a record takes (an older pod
                    // wrote it first, before the trace's start): the rest of the line is for CloudWatch alone.
                    return f;
                }
                f.field(p, name, value);
            }
            return f;
        }

        private void field(JsonParser p, String name, JsonToken value) throws IOException {
            switch (name) {
                case "event" -> event = string(p, value);
                case "releaseId" -> releaseId = string(p, value);
                case "status" -> status = string(p, value);
                case "executionId" -> executionId = text(p, value, "");
                case "httpStatus" -> httpStatus = p.getValueAsInt(0);
                case "duration" -> durationMs = p.getValueAsDouble(0);
                case "shadow" -> shadow = p.getValueAsBoolean(false);
                case "errorType" -> errorType = text(p, value, null);
                case "errorNode" -> errorNode = text(p, value, null);
                case "errorMessage" -> errorMessage = text(p, value, null);
                case "stackTrace" -> stackTrace = text(p, value, null);
                case "input" -> input = text(p, value, null);
                // The same rule as the pod's: an id the pod would not have written is not believed.
                case "callerKeyId" -> callerKeyId = PodProtocol.callerKeyIdOrNull(string(p, value));
                case "_aws" -> eachField(p, value, (awsName, awsValue) -> {
                    if (awsName.equals("Timestamp") && awsValue.isScalarValue()) {
                        awsTimestamp = p.getValueAsLong(System.currentTimeMillis());
                    } else {
                        p.skipChildren();
                    }
                });
                case "trace" -> eachField(p, value, (traceName, traceValue) -> {
                    switch (traceName) {
                        case "startedAtMs" -> startedAtMs = p.getValueAsLong(0);
                        case "durationMicros" -> durationMicros = traceValue.isScalarValue()
                                && traceValue != JsonToken.VALUE_NULL ? Long.valueOf(p.getValueAsLong(0)) : skip(p);
                        case "nodes" -> nodes = readNodes(p, traceValue);
                        default -> p.skipChildren();
                    }
                });
                default -> p.skipChildren();
            }
        }

        /** One node's timing as the line gives it; what it leaves out stays empty or zero. */
        private static final class Node {
            String nodeId = "";
            String type = "";
            String status = "";
            long durationMicros;
            String upstreamHost;
            int upstreamStatus;
        }

        private static List<NodeTiming> readNodes(JsonParser p, JsonToken value) throws IOException {
            List<NodeTiming> nodes = new ArrayList<>();
            if (value != JsonToken.START_ARRAY) {
                p.skipChildren();
                return nodes;
            }
            JsonToken element;
            while ((element = p.nextToken()) != JsonToken.END_ARRAY && element != null) {
                if (element != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                Node node = new Node();
                eachField(p, element, (name, field) -> {
                    switch (name) {
                        case "nodeId" -> node.nodeId = text(p, field, "");
                        case "type" -> node.type = text(p, field, "");
                        case "status" -> node.status = text(p, field, "");
                        case "durationMicros" -> node.durationMicros = p.getValueAsLong(0);
                        case "upstreamHost" -> node.upstreamHost = text(p, field, null);
                        case "upstreamStatus" -> node.upstreamStatus = p.getValueAsInt(0);
                        default -> p.skipChildren();
                    }
                });
                nodes.add(new NodeTiming(node.nodeId, node.type, node.status, node.durationMicros, node.upstreamHost,
                        node.upstreamStatus));
            }
            return nodes;
        }

        /** Reads one field's value, the parser on its first token; must consume the whole value. */
        @FunctionalInterface
        private interface FieldReader {
            void read(String name, JsonToken value) throws IOException;
        }

        /** Hands each field of the object {@code value} opens to {@code reader}; any other value is skipped. */
        private static void eachField(JsonParser p, JsonToken value, FieldReader reader) throws IOException {
            if (value != JsonToken.START_OBJECT) {
                p.skipChildren();
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                reader.read(name, p.nextToken());
            }
        }

        private static Long skip(JsonParser p) throws IOException {
            p.skipChildren();
            return null;
        }

        /** A string value, or null for any other kind. */
        private static String string(JsonParser p, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            p.skipChildren();
            return null;
        }

        /** A scalar's text (numbers and booleans as written), {@code absent} for null; structures are skipped. */
        private static String text(JsonParser p, JsonToken value, String absent) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return absent;
            }
            if (value.isScalarValue()) {
                return p.getText();
            }
            p.skipChildren();
            return absent;
        }
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
