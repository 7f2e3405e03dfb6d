package com.wfp.platform.telemetry;

import com.wfp.platform.port.TelemetryStore;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.engine.ExecutionStatus;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TelemetryBufferTest {

    private static final WorkflowRef ORDERS = new WorkflowRef("ada", "shop", "orders");
    private static final ReleaseId V1 = new ReleaseId("rel-v1");
    private static final ReleaseNames NAMES = new ReleaseNames(id -> Optional.of(new ReleaseNames.Named(ORDERS, "v1")));

    /** A store whose ingest blocks until released, or fails, and keeps what it took. */
    private static final class FakeStore implements TelemetryStore {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final List<TelemetryBatch> batches = new CopyOnWriteArrayList<>();
        volatile boolean blocking;
        volatile boolean failing;

        @Override
        public void ingest(TelemetryBatch batch) {
            entered.countDown();
            if (blocking) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failing) {
                throw DomainException.unavailable("store.unavailable", "disk full", "free space", null);
            }
            batches.add(batch);
        }

        @Override
        public List<ExecutionRecord> executions(ExecutionQuery query) {
            return List.of();
        }

        @Override
        public Optional<ExecutionRecord> execution(String executionId) {
            return Optional.empty();
        }

        @Override
        public List<ErrorGroup> errorGroups(WorkflowRef ref, Instant since) {
            return List.of();
        }

        @Override
        public List<MinuteMetrics> minutes(WorkflowRef ref, Instant from, Instant to) {
            return List.of();
        }

        @Override
        public List<MinuteMetrics> hours(WorkflowRef ref, Instant from, Instant to) {
                return List.of();
            }

            @Override
            public long purge(Instant executionsBefore, Instant minutesBefore, Instant hoursBefore) {
            return 0;
        }

        @Override
        public void close() {
        }

        long executionsStored() {
            return batches.stream().mapToLong(b -> b.executions().size()).sum();
        }
    }

    private static ExecutionRecord record(int n) {
        return new ExecutionRecord("exec-%08d".formatted(n), ORDERS, V1, "v1", Instant.now(), ExecutionStatus.SUCCEEDED,
                200, 100, null, false, List.of(), null);
    }

    @Test
    void retentionParse_takesAnyOfTheThreeAndRefusesWhatCannotBeKept() {
        assertThat(TelemetryBuffer.Retention.parse(null)).isEqualTo(TelemetryBuffer.Retention.DEFAULTS);
        assertThat(TelemetryBuffer.Retention.parse("executions=3d, hours=400d")).isEqualTo(
                new TelemetryBuffer.Retention(Duration.ofDays(3), Duration.ofDays(30), Duration.ofDays(400)));
        assertThat(TelemetryBuffer.Retention.parse("minutes=36h").minutes()).isEqualTo(Duration.ofHours(36));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TelemetryBuffer.Retention.parse("minutes=40d,hours=30d"))
                .isInstanceOf(DomainException.class).hasMessageContaining("not possible");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TelemetryBuffer.Retention.parse("days=3"))
                .isInstanceOf(DomainException.class).hasMessageContaining("'days=3' is not a retention");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TelemetryBuffer.Retention.parse("executions=3w"))
                .isInstanceOf(DomainException.class);
    }

    @Test
    void execution_whenTheStoreBlocksAndTheBufferIsFull_returnsAtOnceAndCountsTheDrops() throws Exception {
        FakeStore store = new FakeStore();
        store.blocking = true;
        TelemetryBuffer buffer = new TelemetryBuffer(store, NAMES, Clock.systemUTC(), 100, Duration.ofMillis(10),
                TelemetryBuffer.Retention.DEFAULTS);
        try {
            buffer.execution(record(0));
            assertThat(store.entered.await(5, TimeUnit.SECONDS)).isTrue();

            long started = System.nanoTime();
            for (int i = 1; i <= 10_000; i++) {
                buffer.execution(record(i));
                buffer.forwarded(V1, 200, 1_000_000);
            }
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            // 20,000 offers against a store that never returns: none waits for it. The executions past the
            // buffer's 100 places are dropped; the forwarded calls are counted into their minute, which
            // takes no place, so none of them is.
            assertThat(tookMillis).isLessThan(2_000);
            TelemetryStats stats = buffer.stats();
            assertThat(stats.queued()).isEqualTo(100);
            assertThat(stats.droppedFull()).isEqualTo(10_000 - 100);
            assertThat(stats.accepted()).isEqualTo(1 + 100 + 10_000);
        } finally {
            store.release.countDown();
            buffer.close();
        }
        assertThat(store.executionsStored()).isEqualTo(1 + 100);
        assertThat(store.batches.stream().flatMap(b -> b.minutes().stream()).mapToLong(MinuteMetrics::calls).sum())
                .isEqualTo(10_000);
    }

    @Test
    void stats_whenTheStoreFails_countTheLostBatchAndTheWriterGoesOn() throws Exception {
        FakeStore store = new FakeStore();
        store.failing = true;
        TelemetryBuffer buffer = new TelemetryBuffer(store, NAMES, Clock.systemUTC(), 1000, Duration.ofMillis(10),
                TelemetryBuffer.Retention.DEFAULTS);
        try {
            for (int i = 0; i < 5; i++) {
                buffer.execution(record(i));
            }
            awaitUntil(() -> buffer.stats().droppedFailed() == 5);
            store.failing = false;
            buffer.execution(record(99));
            awaitUntil(() -> store.executionsStored() == 1);
        } finally {
            buffer.close();
        }
        assertThat(buffer.stats().written()).isEqualTo(1);
        assertThat(buffer.stats().dropped()).isEqualTo(5);
    }

    @Test
    void forwarded_callsOfOneMinute_becomeOneMinuteOfMetricsWithTheirLatencies() {
        FakeStore store = new FakeStore();
        TelemetryBuffer buffer = new TelemetryBuffer(store, NAMES, Clock.systemUTC(), 1000, Duration.ofSeconds(30),
                TelemetryBuffer.Retention.DEFAULTS);
        for (int i = 1; i <= 100; i++) {
            buffer.forwarded(V1, i <= 5 ? 502 : 200, i * 1_000_000L);
        }
        buffer.caller(V1, "exec-00000001", "key_A");
        buffer.close();

        List<MinuteMetrics> minutes = store.batches.stream().flatMap(b -> b.minutes().stream()).toList();
        long calls = minutes.stream().mapToLong(MinuteMetrics::calls).sum();
        long errors = minutes.stream().mapToLong(MinuteMetrics::errors).sum();
        assertThat(calls).isEqualTo(100);
        assertThat(errors).isEqualTo(5);
        assertThat(minutes).allSatisfy(m -> {
            assertThat(m.ref()).isEqualTo(ORDERS);
            assertThat(m.version()).isEqualTo("v1");
        });
        assertThat(store.batches.stream().flatMap(b -> b.callers().stream()).toList())
                .extracting(TelemetryBatch.Caller::keyId).containsExactly("key_A");
    }

    @Test
    void forwarded_fromManyThreadsWhileTheWriterTakesMinutes_countsEveryCallOnce() throws Exception {
        FakeStore store = new FakeStore();
        TelemetryBuffer buffer = new TelemetryBuffer(store, NAMES, Clock.systemUTC(), 1000, Duration.ofMillis(1),
                TelemetryBuffer.Retention.DEFAULTS);
        int threads = 8;
        int perThread = 50_000;
        try (var callers = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                callers.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        buffer.forwarded(V1, i % 10 == 0 ? 503 : 200, 1_000_000);
                    }
                });
            }
        }
        buffer.close();

        List<MinuteMetrics> minutes = store.batches.stream().flatMap(b -> b.minutes().stream()).toList();
        assertThat(store.batches).hasSizeGreaterThan(1);
        assertThat(minutes.stream().mapToLong(MinuteMetrics::calls).sum()).isEqualTo((long) threads * perThread);
        assertThat(minutes.stream().mapToLong(MinuteMetrics::errors).sum()).isEqualTo((long) threads * perThread / 10);
        assertThat(minutes.stream().mapToLong(m -> m.latency().count()).sum()).isEqualTo((long) threads * perThread);
        assertThat(buffer.stats().written()).isEqualTo((long) threads * perThread);
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
