package com.wfp.adapters.aws.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.telemetry.ExecutionFailure;
import com.wfp.platform.telemetry.ExecutionRecord;
import com.wfp.platform.telemetry.LatencyHistogram;
import com.wfp.platform.telemetry.MinuteMetrics;
import com.wfp.platform.telemetry.NodeTiming;
import com.wfp.platform.telemetry.TelemetryBatch;
import com.wfp.workflow.engine.ExecutionStatus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The structured JSON lines production telemetry is kept as in CloudWatch Logs, one per execution,
 * caller, minute of metrics or purge. Each line names its kind in {@code wfp} and carries a token
 * ({@code t}) that a CloudWatch Logs filter pattern can select it by: the workflow's token for
 * executions and minutes, {@value #CALLER_TOKEN} and {@value #PURGE_TOKEN} for the others.
 * {@code seq} orders lines written in the same millisecond: a later line of the same execution
 * replaces an earlier one.
 */
final class TelemetryLines {

    static final String CALLER_TOKEN = "wfpcaller";
    static final String PURGE_TOKEN = "wfppurge";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TelemetryLines() {
    }

    /** The token of a workflow's lines: letters and digits only, so a quoted filter term matches it exactly. */
    static String workflowToken(WorkflowRef ref) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(ref.path().getBytes(StandardCharsets.UTF_8));
            return "wfw" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    static String execution(ExecutionRecord record, long seq) {
        ObjectNode line = header("execution", workflowToken(record.ref()), seq);
        line.put("ref", record.ref().path());
        line.put("rel", record.releaseId().value());
        line.put("ver", record.version());
        line.put("id", record.executionId());
        line.put("at", record.startedAt().toEpochMilli());
        line.put("atNanos", record.startedAt().getNano());
        line.put("status", record.status().name());
        line.put("http", record.httpStatus());
        line.put("us", record.durationMicros());
        if (record.callerKeyId() != null) {
            line.put("caller", record.callerKeyId());
        }
        line.put("shadow", record.shadow());
        ArrayNode nodes = line.putArray("nodes");
        for (NodeTiming node : record.nodes()) {
            ObjectNode timing = nodes.addObject().put("node", node.nodeId()).put("type", node.type())
                    .put("status", node.status()).put("us", node.durationMicros());
            if (node.upstreamHost() != null) {
                timing.put("host", node.upstreamHost()).put("hostStatus", node.upstreamStatus());
            }
        }
        ExecutionFailure failure = record.failure();
        if (failure != null) {
            ObjectNode error = line.putObject("error");
            if (failure.nodeId() != null) {
                error.put("node", failure.nodeId());
            }
            error.put("code", failure.code()).put("type", failure.type()).put("message", failure.message())
                    .put("stackTrace", failure.stackTrace()).put("input", failure.input());
        }
        return line.toString();
    }

    static String caller(TelemetryBatch.Caller caller, long seq) {
        ObjectNode line = header("caller", CALLER_TOKEN, seq);
        line.put("rel", caller.releaseId().value());
        line.put("id", caller.executionId());
        line.put("caller", caller.keyId());
        return line.toString();
    }

    static String minute(MinuteMetrics minute, long seq) {
        ObjectNode line = header("minute", workflowToken(minute.ref()), seq);
        line.put("ref", minute.ref().path());
        line.put("rel", minute.releaseId().value());
        line.put("ver", minute.version());
        line.put("minute", minute.minute().toEpochMilli());
        line.put("calls", minute.calls());
        line.put("errors", minute.errors());
        line.put("latency", Base64.getEncoder().encodeToString(minute.latency().toBytes()));
        return line.toString();
    }

    static String purge(Instant executionsBefore, Instant minutesBefore, Instant hoursBefore, long seq) {
        ObjectNode line = header("purge", PURGE_TOKEN, seq);
        line.put("executionsBefore", executionsBefore.toEpochMilli());
        line.put("minutesBefore", minutesBefore.toEpochMilli());
        line.put("hoursBefore", hoursBefore.toEpochMilli());
        return line.toString();
    }

    private static ObjectNode header(String kind, String token, long seq) {
        ObjectNode line = JSON.createObjectNode();
        line.put("wfp", kind);
        line.put("t", token);
        line.put("seq", seq);
        return line;
    }

    /** The line as JSON, or null when it is not one of these lines (anything else in the group). */
    static JsonNode read(String message) {
        if (message == null || !message.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(message);
            return node != null && node.path("wfp").isTextual() ? node : null;
        } catch (java.io.IOException notOurs) {
            return null;
        }
    }

    static ExecutionRecord toExecution(JsonNode line) {
        List<NodeTiming> nodes = new ArrayList<>();
        for (JsonNode node : line.path("nodes")) {
            nodes.add(new NodeTiming(node.path("node").asText(), node.path("type").asText(),
                    node.path("status").asText(), node.path("us").asLong(),
                    node.hasNonNull("host") ? node.path("host").asText() : null, node.path("hostStatus").asInt(0)));
        }
        JsonNode error = line.path("error");
        ExecutionFailure failure = error.isObject() ? new ExecutionFailure(
                error.hasNonNull("node") ? error.path("node").asText() : null, error.path("code").asText(),
                error.path("type").asText(), error.path("message").asText(), error.path("stackTrace").asText(),
                error.path("input").asText()) : null;
        return new ExecutionRecord(line.path("id").asText(), ref(line), new ReleaseId(line.path("rel").asText()),
                line.path("ver").asText(), Instant.ofEpochMilli(line.path("at").asLong())
                .plusNanos(line.path("atNanos").asLong() % 1_000_000),
                ExecutionStatus.valueOf(line.path("status").asText()), line.path("http").asInt(),
                line.path("us").asLong(), line.hasNonNull("caller") ? line.path("caller").asText() : null,
                line.path("shadow").asBoolean(), nodes, failure);
    }

    static MinuteMetrics toMinute(JsonNode line) {
        return new MinuteMetrics(ref(line), new ReleaseId(line.path("rel").asText()), line.path("ver").asText(),
                Instant.ofEpochMilli(line.path("minute").asLong()), line.path("calls").asLong(),
                line.path("errors").asLong(),
                LatencyHistogram.fromBytes(Base64.getDecoder().decode(line.path("latency").asText(""))));
    }

    static WorkflowRef ref(JsonNode line) {
        String[] parts = line.path("ref").asText().split("/", 3);
        return new WorkflowRef(parts[0], parts[1], parts[2]);
    }
}
