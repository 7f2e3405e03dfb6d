package com.wfp.pod;

import com.wfp.workflow.engine.ExecutionStatus;
import com.wfp.workflow.engine.ExecutionTrace;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class PodLogTest {

    /** A sink stuck on a slow disk: it blocks until released. */
    private static final class StuckSink implements LineSink {
        final CountDownLatch release = new CountDownLatch(1);
        final CapturingLineSink lines = new CapturingLineSink();

        @Override
        public void write(String line) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lines.write(line);
        }

        @Override
        public void flush() {
        }
    }

    private static ExecutionTrace trace(String executionId) {
        return new ExecutionTrace(executionId, "rel-1", "greeter", "v1", ExecutionStatus.SUCCEEDED, false, Instant.now(),
                1500, List.of(), null);
    }

    @Test
    void execution_whenSinkIsStuckAndQueueFull_dropsAndCountsInsteadOfBlocking() {
        StuckSink sink = new StuckSink();
        PodLog log = new PodLog(sink, 16, "pod-a");

        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            log.execution(trace("exec-" + i), 200, null, null);
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsedMs).isLessThan(1_000);
        // At most a full queue plus the batch the writer took before the sink stuck can be kept.
        assertThat(log.dropped()).isGreaterThanOrEqualTo(200 - 2 * 16);
        sink.release.countDown();
        log.close(Duration.ofSeconds(5));
        assertThat(sink.lines.rawLines().size() + log.dropped()).isEqualTo(200);
    }

    @Test
    void close_afterManyLines_writesAllOfThemInOrder() {
        CapturingLineSink sink = new CapturingLineSink();
        PodLog log = new PodLog(sink, 1024, "pod-a");
        for (int i = 0; i < 500; i++) {
            log.execution(trace("exec-" + i), 200, null, null);
        }
        log.event("pod.stopped", Map.of("drained", true));

        log.close(Duration.ofSeconds(5));

        assertThat(log.dropped()).isZero();
        assertThat(sink.json()).hasSize(501);
        assertThat(sink.json().get(499).path("executionId").asText()).isEqualTo("exec-499");
        assertThat(sink.json().get(499).path("duration").asDouble()).isEqualTo(1.5);
        assertThat(sink.json().get(500).path("drained").asBoolean()).isTrue();
    }

    @Test
    void execution_whenTheGatewayNamedTheCaller_writesItsKeyIdAndOtherwiseNoCallerField() {
        CapturingLineSink sink = new CapturingLineSink();
        PodLog log = new PodLog(sink, 16, "pod-a");
        log.execution(trace("exec-keyed"), 200, null, "key_0123456789abcdef");
        log.execution(trace("exec-unknown"), 200, null, null);

        log.close(Duration.ofSeconds(5));

        assertThat(sink.json().get(0).path("callerKeyId").asText()).isEqualTo("key_0123456789abcdef");
        assertThat(sink.json().get(1).has("callerKeyId")).isFalse();
    }

    @Test
    void podError_isAnEmbeddedMetricLineWithTheStackTrace() {
        CapturingLineSink sink = new CapturingLineSink();
        PodLog log = new PodLog(sink, 64, "pod-a");

        log.podError("pod.internal", "rel-1", new IllegalStateException("broken invariant"));
        log.close(Duration.ofSeconds(5));

        var line = sink.json().getFirst();
        assertThat(line.path("event").asText()).isEqualTo("pod.error");
        assertThat(line.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString()).isEqualTo("[[\"pod\"]]");
        assertThat(line.path("pod").asText()).isEqualTo("pod-a");
        assertThat(line.path("podError").asInt()).isEqualTo(1);
        assertThat(line.path("errorMessage").asText()).contains("broken invariant");
        assertThat(line.path("stackTrace").asText()).contains("PodLogTest");
    }
}
