package com.wfp.adapters.aws.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Stands in for CloudWatch Logs' delivery of a subscription filter to a Lambda function, which
 * moto does not run: reads the log group's events with the filter's pattern ({@code FilterLogEvents})
 * and builds, per log stream, the invocation event CloudWatch Logs sends ({@code awslogs.data}:
 * base64 of the gzipped batch). Events already delivered are remembered and not sent again.
 */
public final class LogSubscriptions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CloudWatchLogsClient logs;
    private final String logGroup;
    private final String filterPattern;
    private final Set<String> delivered = new java.util.HashSet<>();

    public LogSubscriptions(CloudWatchLogsClient logs, String logGroup, String filterPattern) {
        this.logs = logs;
        this.logGroup = logGroup;
        this.filterPattern = filterPattern;
    }

    /** The invocation events of every matching event not delivered yet, one per log stream. */
    public synchronized List<byte[]> undelivered() {
        Map<String, List<FilteredLogEvent>> byStream = new LinkedHashMap<>();
        String token = null;
        do {
            String next = token;
            var page = logs.filterLogEvents(b -> b.logGroupName(logGroup).filterPattern(filterPattern).nextToken(next));
            for (FilteredLogEvent event : page.events()) {
                if (delivered.add(event.eventId())) {
                    byStream.computeIfAbsent(event.logStreamName(), s -> new ArrayList<>()).add(event);
                }
            }
            token = page.nextToken() == null || page.nextToken().equals(token) ? null : page.nextToken();
        } while (token != null);
        List<byte[]> invocations = new ArrayList<>();
        byStream.forEach((stream, events) -> invocations.add(invocation(logGroup, stream, events)));
        return invocations;
    }

    /** The invocation event of one batch, as CloudWatch Logs builds it. */
    public static byte[] invocation(String logGroup, String logStream, List<FilteredLogEvent> events) {
        ObjectNode batch = JSON.createObjectNode().put("messageType", "DATA_MESSAGE").put("owner", "000000000000")
                .put("logGroup", logGroup).put("logStream", logStream);
        batch.putArray("subscriptionFilters").add("pod-executions");
        ArrayNode logEvents = batch.putArray("logEvents");
        for (FilteredLogEvent event : events) {
            logEvents.addObject().put("id", event.eventId()).put("timestamp", event.timestamp())
                    .put("message", event.message());
        }
        return wrap(batch.toString());
    }

    /** The invocation event around a batch's JSON text. */
    public static byte[] wrap(String batchJson) {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(batchJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode invocation = JSON.createObjectNode();
        invocation.putObject("awslogs").put("data", Base64.getEncoder().encodeToString(gzipped.toByteArray()));
        return invocation.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
