package com.wfp.pod;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.wfp.workflow.engine.ErrorInfo;
import com.wfp.workflow.engine.ExecutionStatus;
import com.wfp.workflow.engine.ExecutionTrace;
import com.wfp.workflow.engine.NodeTrace;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The pod's structured log: one JSON line per execution, per refusal and per pod error, in CloudWatch
 * Embedded Metric Format, plus the lifecycle events ({@code pod.ready}, {@code pod.stopped}).
 *
 * <p>Request threads only enqueue, lock-free (a lock here would make request threads wait on each other under load); one writer
 * thread formats and writes, so logging never caps throughput. When the queue is full a line is dropped and
 * counted ({@link #dropped()}) rather than blocking a run.
 * A request body is logged only with a failed execution, masked before it is handed here; traces and errors come
 * from the engine, which redacts the secrets an execution read, and are masked again with the input's sensitive values.
 *
 * <p>Execution line fields: {@code workflow, version, releaseId, executionId, pod, status} (the
 * {@link ExecutionStatus} name), {@code httpStatus, duration} (ms), {@code success} (1 when SUCCEEDED),
 * {@code error} (1 when FAILED or TIMED_OUT; a REJECTED input counts as neither), {@code shadow},
 * {@code callerKeyId} (who called, as the gateway said: an API key id or {@code anonymous}; absent when it did
 * not say), {@code trace} (per node:
 * {@code nodeId, type, status, durationMicros, outputBytes}, for a node that called a host {@code upstreamHost} and
 * {@code upstreamStatus}, 0 when it did not answer; masked like errors), and
 * for failures {@code errorType, errorMessage, stackTrace}, {@code errorNode} (the node that failed, when one did) and
 * {@code input} (the input as JSON text, masked by {@link com.wfp.workflow.engine.InputMasking} before it got here). Metrics: duration, success, error by
 * (workflow, version) in namespace {@value #NAMESPACE}.
 */
public final class PodLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PodLog.class);

    public static final String NAMESPACE = "Wfp/Pods";

    private sealed interface Entry permits ExecutionEntry, RefusalEntry, PodErrorEntry, EventEntry, Stop {
    }

    private record ExecutionEntry(long timestamp, ExecutionTrace trace, int httpStatus, String input,
                                  String callerKeyId) implements Entry {
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

    private static final int BATCH = 256;
    private static final long MAX_NAP_MILLIS = 10;

    private final LineSink sink;
    private final String podName;
    private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
    /** Entries in the queue; bounds it, since ConcurrentLinkedQueue itself is unbounded. */
    private final AtomicInteger queued = new AtomicInteger();
    private final int capacity;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final Thread writer;
    /** Used by the writer thread only. */
    private final JsonLine line = new JsonLine();

    public PodLog(LineSink sink, int capacity, String podName) {
        this.sink = sink;
        this.podName = podName;
        this.capacity = capacity;
        this.writer = Thread.ofPlatform().name("pod-log-writer").daemon(true).unstarted(this::drainQueue);
        writer.start();
    }

    /**
     * Logs a finished execution with its metrics and, for a failure, its input as masked JSON text
     * (the caller masks it: this log never sees a raw input).
     *
     * @param callerKeyId who called, as the gateway said (already checked to be a plausible key id), or null
     */
    public void execution(ExecutionTrace trace, int httpStatus, String maskedInput, String callerKeyId) {
        offer(new ExecutionEntry(System.currentTimeMillis(), trace, httpStatus, maskedInput, callerKeyId));
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
        EventEntry entry = new EventEntry(System.currentTimeMillis(), event, fields);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!tryEnqueue(entry)) {
            if (System.nanoTime() > deadline) {
                dropped.increment();
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
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
        if (!tryEnqueue(entry)) {
            dropped.increment();
        }
    }

    private boolean tryEnqueue(Entry entry) {
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            return false;
        }
        queue.add(entry);
        return true;
    }

    /** Writes what is queued, then stops the writer; waits at most the given time. */
    public void close(Duration timeout) {
        // The stop marker goes in even when the queue is full, so the writer always ends.
        queued.incrementAndGet();
        queue.add(new Stop());
        try {
            writer.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /**
     * The writer loop. It polls instead of blocking on the queue: a blocked consumer makes every producer pay
     * a thread wake-up (a system call) per line. While lines come it takes them in batches; when the queue runs
     * empty it flushes and naps, 1 ms at first and up to {@value #MAX_NAP_MILLIS} ms when idle, so a line
     * reaches stdout within a few milliseconds and flushes are batched under load.
     */
    private void drainQueue() {
        List<Entry> batch = new ArrayList<>(BATCH);
        boolean pending = false;
        long napMillis = 1;
        while (true) {
            batch.clear();
            Entry next;
            while (batch.size() < BATCH && (next = queue.poll()) != null) {
                batch.add(next);
            }
            queued.addAndGet(-batch.size());
            if (batch.isEmpty()) {
                if (pending) {
                    flushQuietly();
                    pending = false;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(napMillis));
                napMillis = Math.min(MAX_NAP_MILLIS, napMillis + 1);
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                continue;
            }
            napMillis = 1;
            for (Entry entry : batch) {
                if (entry instanceof Stop) {
                    flushQuietly();
                    return;
                }
                try {
                    sink.write(format(entry));
                    written.increment();
                    pending = true;
                } catch (RuntimeException e) {
                    // The log must never take the pod down; the failure is in the diagnostic log and the counter.
                    dropped.increment();
                    LOG.error("a pod log line could not be written", e);
                }
            }
        }
    }

    private void flushQuietly() {
        try {
            sink.flush();
        } catch (RuntimeException e) {
            LOG.error("the pod log could not be flushed", e);
        }
    }

    private String format(Entry entry) {
        return switch (entry) {
            case ExecutionEntry e -> formatExecution(e);
            case RefusalEntry r -> formatRefusal(r);
            case PodErrorEntry p -> formatPodError(p);
            case EventEntry v -> formatEvent(v);
            case Stop s -> throw new IllegalStateException("the stop marker is not a line");
        };
    }

    private String formatExecution(ExecutionEntry entry) {
        ExecutionTrace trace = entry.trace();
        boolean success = trace.status() == ExecutionStatus.SUCCEEDED;
        boolean error = trace.status() == ExecutionStatus.FAILED || trace.status() == ExecutionStatus.TIMED_OUT;
        JsonLine json = line.begin()
                .field("event", "execution")
                .field("workflow", trace.workflowId())
                .field("version", trace.version())
                .field("releaseId", trace.releaseId())
                .field("executionId", trace.executionId())
                .field("pod", podName)
                .field("status", trace.status().name())
                .field("httpStatus", entry.httpStatus())
                .field("duration", trace.durationMicros() / 1000.0)
                .field("success", success ? 1 : 0)
                .field("error", error ? 1 : 0)
                .field("shadow", trace.shadow());
        if (entry.callerKeyId() != null) {
            json.field("callerKeyId", entry.callerKeyId());
        }
        json.object("trace")
                .field("status", trace.status().name())
                .field("startedAtMs", trace.startedAt() == null ? 0 : trace.startedAt().toEpochMilli())
                .field("durationMicros", trace.durationMicros())
                .array("nodes");
        for (NodeTrace node : trace.nodes()) {
            json.element()
                    .field("nodeId", node.nodeId())
                    .field("type", node.type())
                    .field("status", node.status() == null ? null : node.status().name())
                    .field("durationMicros", node.durationMicros())
                    .field("outputBytes", node.outputBytes());
            if (node.upstreamHost() != null) {
                json.field("upstreamHost", node.upstreamHost()).field("upstreamStatus", (long) node.upstreamStatus());
            }
            if (node.error() != null) {
                json.object("error").field("type", node.error().type()).field("message", node.error().message()).endObject();
            }
            json.endObject();
        }
        json.endArray().endObject();
        ErrorInfo failure = trace.error();
        if (failure != null) {
            json.field("errorType", failure.type())
                    .field("errorMessage", failure.message())
                    .field("stackTrace", failure.stackTrace() == null ? "" : failure.stackTrace());
            String failedNode = failedNode(trace);
            if (failedNode != null) {
                json.field("errorNode", failedNode);
            }
            if (entry.input() != null) {
                json.field("input", entry.input());
            }
        }
        // Last: a reader of the line finds all it needs before the metrics header and stops there.
        return json.raw(metadata(entry.timestamp(), EXECUTION_METRICS)).end();
    }

    /** The last node that failed: where the execution's error came from (none for a workflow timeout). */
    private static String failedNode(ExecutionTrace trace) {
        List<NodeTrace> nodes = trace.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (nodes.get(i).error() != null) {
                return nodes.get(i).nodeId();
            }
        }
        return null;
    }

    private String formatRefusal(RefusalEntry entry) {
        return line.begin()
                .raw(metadata(entry.timestamp(), REFUSAL_METRICS))
                .field("event", "execution.refused")
                .field("workflow", entry.workflowId())
                .field("version", entry.version())
                .field("releaseId", entry.releaseId())
                .field("pod", podName)
                .field("errorType", entry.code())
                .field("httpStatus", entry.httpStatus())
                .field("throttled", 1)
                .end();
    }

    private String formatPodError(PodErrorEntry entry) {
        StringWriter stack = new StringWriter();
        entry.failure().printStackTrace(new PrintWriter(stack));
        JsonLine json = line.begin()
                .raw(metadata(entry.timestamp(), POD_ERROR_METRICS))
                .field("event", "pod.error")
                .field("pod", podName);
        if (entry.releaseId() != null) {
            json.field("releaseId", entry.releaseId());
        }
        return json.field("podError", 1)
                .field("errorType", entry.code())
                .field("errorMessage", entry.failure().getClass().getName() + ": " + entry.failure().getMessage())
                .field("stackTrace", stack.toString())
                .end();
    }

    private String formatEvent(EventEntry entry) {
        JsonLine json = line.begin()
                .field("event", entry.event())
                .field("timestamp", entry.timestamp())
                .field("pod", podName);
        for (Map.Entry<String, Object> field : entry.fields().entrySet()) {
            switch (field.getValue()) {
                case Integer i -> json.field(field.getKey(), (long) i);
                case Long l -> json.field(field.getKey(), (long) l);
                case Boolean b -> json.field(field.getKey(), (boolean) b);
                case null -> json.field(field.getKey(), (String) null);
                default -> json.field(field.getKey(), field.getValue().toString());
            }
        }
        return json.end();
    }

    /** The {@code _aws} member: constant but for the timestamp, so it is two pre-built halves. */
    private static String metadata(long timestamp, String metricsDirective) {
        return "\"_aws\":{\"Timestamp\":" + timestamp + ",\"CloudWatchMetrics\":[" + metricsDirective + "]}";
    }

    private static String directive(String dimensions, String metrics) {
        return "{\"Namespace\":\"" + NAMESPACE + "\",\"Dimensions\":[" + dimensions + "],\"Metrics\":[" + metrics + "]}";
    }

    private static final String EXECUTION_METRICS = directive("[\"workflow\",\"version\"]",
            "{\"Name\":\"duration\",\"Unit\":\"Milliseconds\"},{\"Name\":\"success\",\"Unit\":\"Count\"},"
                    + "{\"Name\":\"error\",\"Unit\":\"Count\"}");
    private static final String REFUSAL_METRICS = directive("[\"workflow\",\"version\"]",
            "{\"Name\":\"throttled\",\"Unit\":\"Count\"}");
    private static final String POD_ERROR_METRICS = directive("[\"pod\"]", "{\"Name\":\"podError\",\"Unit\":\"Count\"}");
}
