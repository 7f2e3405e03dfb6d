package com.wfp.adapters.aws.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * What a CloudWatch Logs subscription filter hands a Lambda function: {@code {"awslogs": {"data":
 * <base64 of the gzipped JSON>}}}, the JSON holding the log group, the stream and its events.
 * CloudWatch Logs first sends a {@code CONTROL_MESSAGE} to check the destination; only
 * {@code DATA_MESSAGE}s carry events.
 *
 * @param messageType {@code DATA_MESSAGE} or {@code CONTROL_MESSAGE}
 */
public record LogSubscriptionBatch(String messageType, String logGroup, String logStream, List<Event> events) {

    /** Decompressed batches larger than this are refused: CloudWatch Logs sends about 1 MB at most. */
    static final int MAX_DECOMPRESSED_BYTES = 16 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One log event as the subscription delivers it. */
    public record Event(String id, long timestamp, String message) {
    }

    public LogSubscriptionBatch {
        events = List.copyOf(events);
    }

    /** True for a batch of events, false for the control message that tests the subscription. */
    public boolean carriesEvents() {
        return "DATA_MESSAGE".equals(messageType);
    }

    /**
     * The batch in a subscription's invocation event.
     *
     * @throws IllegalArgumentException when the event is not a CloudWatch Logs subscription's, saying why
     */
    public static LogSubscriptionBatch of(JsonNode invocation) {
        JsonNode data = invocation == null ? null : invocation.path("awslogs").path("data");
        if (data == null || !data.isTextual()) {
            throw new IllegalArgumentException("not a CloudWatch Logs subscription event: no awslogs.data");
        }
        byte[] compressed;
        try {
            compressed = Base64.getDecoder().decode(data.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("awslogs.data is not base64: " + e.getMessage(), e);
        }
        JsonNode batch;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            byte[] json = in.readNBytes(MAX_DECOMPRESSED_BYTES + 1);
            if (json.length > MAX_DECOMPRESSED_BYTES) {
                throw new IllegalArgumentException("awslogs.data holds more than " + MAX_DECOMPRESSED_BYTES
                        + " bytes once decompressed");
            }
            batch = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("awslogs.data is not gzipped JSON: " + e.getMessage(), e);
        }
        if (batch == null || !batch.isObject()) {
            throw new IllegalArgumentException("awslogs.data is not a JSON object");
        }
        List<Event> events = new ArrayList<>();
        for (JsonNode event : batch.path("logEvents")) {
            events.add(new Event(event.path("id").asText(), event.path("timestamp").asLong(),
                    event.path("message").asText("")));
        }
        return new LogSubscriptionBatch(batch.path("messageType").asText(), batch.path("logGroup").asText(),
                batch.path("logStream").asText(), events);
    }
}
