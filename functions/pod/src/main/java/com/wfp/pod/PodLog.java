package com.wfp.pod;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.wfp.workflow.engine.ErrorInfo;
import com.wfp.workflow.engine.ExecutionStatus;
import com.wfp.workflow.engine.ExecutionTrace;
import com.wfp.workflow.engine.NodeTrace;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pod's structured log: one JSON line per execution, per refusal and per pod error, in CloudWatch
 * Embedded Metric Format, plus the lifecycle events ({@code pod.ready}, {@code pod.stopped}).
 *
 * <p>Request threads only enqueue; one writer thread formats and writes, so logging never caps throughput.
 * When the queue is full a line is dropped and counted ({@link #dropped()}) rather than blocking a run.
 * Request bodies are never logged; traces and errors come from the engine, which redacts secrets.
 *
 * <p>Execution line fields: {@code workflow, version, releaseId, executionId, pod, status} (the
 * {@link ExecutionStatus} name), {@code httpStatus, duration} (ms), {@code success} (1 when SUCCEEDED),
 * {@code error} (1 when FAILED or TIMED_OUT; a REJECTED input counts as neither), {@code shadow, trace}, and
 * for failures {@code errorType, errorMessage, stackTrace}. Metrics: duration, success, error by
 * (workflow, version) in namespace {@value #NAMESPACE}.
 */
public final class PodLog implements AutoCloseable {

    public static final String NAMESPACE = "Wfp/Pods";

    private sealed interface Entry permits ExecutionEntry, RefusalEntry, PodErrorEntry, EventEntry, Stop {
    }

    private record ExecutionEntry(long timestamp, ExecutionTrace trace, int httpStatus) implements Entry {
    }

    private record RefusalEntry(long timestamp, String workflowId, String version, String releaseId, String code,
                                int httpStatus) implements Entry {
    }

    private record PodErrorEntry(long timestamp, String code, String releaseId, Throwable failure) implements Entry {
    }

    private record EventEntry(long timestamp, String event, Map<String, Object> fields) implements Entry {
    }

    private record Stop() implements Entry {
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final LineSink sink;
    private final String podName;
    private final BlockingQueue<Entry> queue;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final Thread writer;

    public PodLog(LineSink sink, int capacity, String podName) {
        this.sink = sink;
        this.podName = podName;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofPlatform().name("pod-log-writer").daemon(true).unstarted(this::drainQueue);
        writer.start();
    }

    /** Logs a finished execution with its metrics. */
    public void execution(ExecutionTrace trace, int httpStatus) {
        offer(new ExecutionEntry(System.currentTimeMillis(), trace, httpStatus));
    }

    /** Logs a run the pod refused (overload, queue timeout, draining). */
    public void refusal(String workflowId, String version, String releaseId, String code, int httpStatus) {
        offer(new RefusalEntry(System.currentTimeMillis(), workflowId, version, releaseId, code, httpStatus));
    }

    /** Logs a failure of the pod itself, with its stack trace. */
    public void podError(String code, String releaseId, Throwable failure) {
        offer(new PodErrorEntry(System.currentTimeMillis(), code, releaseId, failure));
    }

    /**
     * Logs a lifecycle event such as {@code pod.ready}. Unlike metrics these must not be lost (a launcher
     * waits for the ready line), so this waits for room in the queue.
     */
    public void event(String event, Map<String, Object> fields) {
        try {
            if (!queue.offer(new EventEntry(System.currentTimeMillis(), event, fields), 5, TimeUnit.SECONDS)) {
                dropped.increment();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lines dropped because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Lines written so far. */
    public long written() {
        return written.sum();
    }

    private void offer(Entry entry) {
        if (!queue.offer(entry)) {
            dropped.increment();
        }
    }

    /** Writes what is queued, then stops the writer; waits at most the given time. */
    public void close(Duration timeout) {
        try {
            if (queue.offer(new Stop(), timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                writer.join(timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private void drainQueue() {
        while (true) {
            Entry entry;
            try {
                entry = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (entry instanceof Stop) {
                flushQuietly();
                return;
            }
            try {
                sink.write(format(entry));
                written.increment();
                if (queue.isEmpty()) {
                    sink.flush();
                }
            } catch (RuntimeException e) {
                // The log must never take the pod down; the failure is visible on stderr and in the counter.
                dropped.increment();
                System.err.println("pod log line could not be written: " + e);
            }
        }
    }

    private void flushQuietly() {
        try {
            sink.flush();
        } catch (RuntimeException e) {
            System.err.println("pod log could not be flushed: " + e);
        }
    }

    private String format(Entry entry) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            switch (entry) {
                case ExecutionEntry e -> writeExecution(json, e);
                case RefusalEntry r -> writeRefusal(json, r);
                case PodErrorEntry p -> writePodError(json, p);
                case EventEntry v -> writeEvent(json, v);
                case Stop s -> throw new IllegalStateException("the stop marker is not a line");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private void writeExecution(JsonGenerator json, ExecutionEntry entry) throws IOException {
        ExecutionTrace trace = entry.trace();
        boolean success = trace.status() == ExecutionStatus.SUCCEEDED;
        boolean error = trace.status() == ExecutionStatus.FAILED || trace.status() == ExecutionStatus.TIMED_OUT;
        json.writeStartObject();
        writeMetadata(json, entry.timestamp(), new String[][]{{"workflow", "version"}},
                new String[][]{{"duration", "Milliseconds"}, {"success", "Count"}, {"error", "Count"}});
        json.writeStringField("event", "execution");
        json.writeStringField("workflow", trace.workflowId());
        json.writeStringField("version", trace.version());
        json.writeStringField("releaseId", trace.releaseId());
        json.writeStringField("executionId", trace.executionId());
        json.writeStringField("pod", podName);
        json.writeStringField("status", trace.status().name());
        json.writeNumberField("httpStatus", entry.httpStatus());
        json.writeNumberField("duration", trace.durationMicros() / 1000.0);
        json.writeNumberField("success", success ? 1 : 0);
        json.writeNumberField("error", error ? 1 : 0);
        json.writeBooleanField("shadow", trace.shadow());
        json.writeFieldName("trace");
        writeTrace(json, trace);
        ErrorInfo failure = trace.error();
        if (failure != null) {
            json.writeStringField("errorType", failure.type());
            json.writeStringField("errorMessage", failure.message());
            json.writeStringField("stackTrace", failure.stackTrace() == null ? "" : failure.stackTrace());
        }
        json.writeEndObject();
    }

    private static void writeTrace(JsonGenerator json, ExecutionTrace trace) throws IOException {
        json.writeStartObject();
        json.writeStringField("status", trace.status().name());
        json.writeStringField("startedAt", trace.startedAt() == null ? null : trace.startedAt().toString());
        json.writeNumberField("durationMicros", trace.durationMicros());
        json.writeArrayFieldStart("nodes");
        for (NodeTrace node : trace.nodes()) {
            json.writeStartObject();
            json.writeStringField("nodeId", node.nodeId());
            json.writeStringField("type", node.type());
            json.writeStringField("status", node.status() == null ? null : node.status().name());
            json.writeNumberField("durationMicros", node.durationMicros());
            json.writeNumberField("outputBytes", node.outputBytes());
            if (node.error() != null) {
                json.writeObjectFieldStart("error");
                json.writeStringField("type", node.error().type());
                json.writeStringField("message", node.error().message());
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private void writeRefusal(JsonGenerator json, RefusalEntry entry) throws IOException {
        json.writeStartObject();
        writeMetadata(json, entry.timestamp(), new String[][]{{"workflow", "version"}}, new String[][]{{"throttled", "Count"}});
        json.writeStringField("event", "execution.refused");
        json.writeStringField("workflow", entry.workflowId());
        json.writeStringField("version", entry.version());
        json.writeStringField("releaseId", entry.releaseId());
        json.writeStringField("pod", podName);
        json.writeStringField("errorType", entry.code());
        json.writeNumberField("httpStatus", entry.httpStatus());
        json.writeNumberField("throttled", 1);
        json.writeEndObject();
    }

    private void writePodError(JsonGenerator json, PodErrorEntry entry) throws IOException {
        json.writeStartObject();
        writeMetadata(json, entry.timestamp(), new String[][]{{"pod"}}, new String[][]{{"podError", "Count"}});
        json.writeStringField("event", "pod.error");
        json.writeStringField("pod", podName);
        if (entry.releaseId() != null) {
            json.writeStringField("releaseId", entry.releaseId());
        }
        json.writeNumberField("podError", 1);
        json.writeStringField("errorType", entry.code());
        json.writeStringField("errorMessage", entry.failure().getClass().getName() + ": " + entry.failure().getMessage());
        StringWriter stack = new StringWriter();
        entry.failure().printStackTrace(new PrintWriter(stack));
        json.writeStringField("stackTrace", stack.toString());
        json.writeEndObject();
    }

    private void writeEvent(JsonGenerator json, EventEntry entry) throws IOException {
        json.writeStartObject();
        json.writeStringField("event", entry.event());
        json.writeNumberField("timestamp", entry.timestamp());
        json.writeStringField("pod", podName);
        for (Map.Entry<String, Object> field : entry.fields().entrySet()) {
            json.writeFieldName(field.getKey());
            writeValue(json, field.getValue());
        }
        json.writeEndObject();
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case Integer i -> json.writeNumber(i);
            case Long l -> json.writeNumber(l);
            case Boolean b -> json.writeBoolean(b);
            case Iterable<?> items -> {
                json.writeStartArray();
                for (Object item : items) {
                    writeValue(json, item);
                }
                json.writeEndArray();
            }
            default -> json.writeString(value.toString());
        }
    }

    private static void writeMetadata(JsonGenerator json, long timestamp, String[][] dimensions, String[][] metrics)
            throws IOException {
        json.writeObjectFieldStart("_aws");
        json.writeNumberField("Timestamp", timestamp);
        json.writeArrayFieldStart("CloudWatchMetrics");
        json.writeStartObject();
        json.writeStringField("Namespace", NAMESPACE);
        json.writeArrayFieldStart("Dimensions");
        for (String[] set : dimensions) {
            json.writeStartArray();
            for (String dimension : set) {
                json.writeString(dimension);
            }
            json.writeEndArray();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("Metrics");
        for (String[] metric : metrics) {
            json.writeStartObject();
            json.writeStringField("Name", metric[0]);
            json.writeStringField("Unit", metric[1]);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndArray();
        json.writeEndObject();
    }
}
