package com.wfp.adapters.local.telemetry;

import com.wfp.platform.port.TelemetryStore;
import com.wfp.platform.port.TelemetryStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.wfp.platform.telemetry.ExecutionQuery;
import com.wfp.platform.telemetry.ExecutionRecord;
import com.wfp.platform.telemetry.NodeTiming;
import com.wfp.platform.telemetry.TelemetryBatch;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteTelemetryStoreTest extends TelemetryStoreContract {

    @TempDir
    Path dir;

    @Override
    protected TelemetryStore newStore() {
        return new SqliteTelemetryStore(dir.resolve("telemetry.db"), Clock.systemUTC());
    }

    @Test
    void open_usesWalInItsOwnFile() {
        SqliteTelemetryStore sqlite = (SqliteTelemetryStore) store;
        assertThat(sqlite.file().getFileName().toString()).isEqualTo("telemetry.db");
        assertThat(dir.resolve("telemetry.db-wal")).exists();
    }

    @Test
    void matchExpression_quotesEveryWord_soNoInputIsReadAsSyntax() {
        assertThat(SqliteTelemetryStore.matchExpression("timed  out")).isEqualTo("\"timed\" \"out\"");
        assertThat(SqliteTelemetryStore.matchExpression("a\"b OR")).isEqualTo("\"ab\" \"OR\"");
        assertThat(SqliteTelemetryStore.matchExpression(" \" ")).isNull();
    }

    /** An id as a pod makes one: 12 hex digits of its start in milliseconds, then random ones. */
    private static String podId(Instant at, int n) {
        return HexFormat.of().toHexDigits(at.toEpochMilli()).substring(4) + HexFormat.of().toHexDigits((long) n * 7919)
                + HexFormat.of().toHexDigits((short) n);
    }

    /** {@code count} successes a second apart from {@code from}, stored {@code perBatch} to a batch. */
    private List<ExecutionRecord> storeSuccesses(Instant from, int count, int perBatch) {
        List<ExecutionRecord> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant at = from.plusSeconds(i);
            all.add(ok(podId(at, i), ORDERS, i % 2 == 0 ? V1 : V2, at));
        }
        for (int i = 0; i < count; i += perBatch) {
            store.ingest(new TelemetryBatch(all.subList(i, Math.min(count, i + perBatch)), List.of(), List.of()));
        }
        return all;
    }

    @Test
    void executions_ofManyBatchesOfSuccessesAndFailures_mergeNewestFirstAcrossBlocksAndRows() {
        List<ExecutionRecord> successes = storeSuccesses(T0, 300, 7);
        ExecutionRecord failure = failed(podId(T0.plusSeconds(250), 9999), ORDERS, V1, T0.plusMillis(250_500), "lookup",
                "http.timeout", "timed out");
        store.ingest(new TelemetryBatch(List.of(failure), List.of(), List.of()));

        List<ExecutionRecord> newest = store.executions(new ExecutionQuery(ORDERS, null, null, null, null, 60));

        List<ExecutionRecord> expected = new ArrayList<>(successes.subList(191, 300).reversed());
        expected.add(49, failure); // 250.5 s: after the success of 250 s, before the one of 251 s
        assertThat(newest).containsExactlyElementsOf(expected.subList(0, 60));
        assertThat(store.executions(new ExecutionQuery(ORDERS, null, "v2", T0.plusSeconds(290), null, 100)))
                .extracting(ExecutionRecord::executionId)
                .containsExactly(successes.get(299).executionId(), successes.get(297).executionId(),
                        successes.get(295).executionId(), successes.get(293).executionId(), successes.get(291).executionId());
        assertThat(store.executions(new ExecutionQuery(ORDERS, com.wfp.workflow.engine.ExecutionStatus.FAILED, null,
                null, null, 100))).containsExactly(failure);
    }

    @Test
    void execution_byId_findsASuccessInAnyBlock_andTheCallerToldApart() {
        List<ExecutionRecord> successes = storeSuccesses(T0, 200, 13);
        ExecutionRecord old = successes.get(3);
        store.ingest(new TelemetryBatch(List.of(), List.of(new TelemetryBatch.Caller(old.releaseId(), old.executionId(),
                "key_late", T0)), List.of()));

        assertThat(store.execution(successes.get(150).executionId())).contains(successes.get(150));
        assertThat(store.execution(old.executionId())).contains(old.withCaller("key_late"));
        assertThat(store.execution(podId(T0.plusSeconds(3), 77))).isEmpty();
    }

    @Test
    void purge_ofBlocksStraddlingTheCutOff_removesExactlyTheOlderExecutions() {
        List<ExecutionRecord> successes = storeSuccesses(T0, 100, 30);

        long removed = store.purge(T0.plusSeconds(45), T0, T0.minusSeconds(3600));

        assertThat(removed).isEqualTo(45);
        List<ExecutionRecord> left = store.executions(new ExecutionQuery(ORDERS, null, null, null, null, 1000));
        assertThat(left).containsExactlyElementsOf(successes.subList(45, 100).reversed());
        assertThat(store.execution(successes.get(44).executionId())).isEmpty();
        assertThat(store.execution(successes.get(45).executionId())).contains(successes.get(45));
    }

    @Test
    void nodeTimings_readFromBlocks_leaveOutShadowCopies() {
        ExecutionRecord shadow = new ExecutionRecord(podId(T0, 1), ORDERS, V2, "v2", T0.plusSeconds(1),
                com.wfp.workflow.engine.ExecutionStatus.SUCCEEDED, 200, 10, null, true,
                List.of(new NodeTiming("x", "respond", "SUCCEEDED", 5)), null);
        store.ingest(new TelemetryBatch(List.of(ok(podId(T0, 0), ORDERS, V1, T0), shadow), List.of(), List.of()));

        assertThat(store.nodeTimings(ORDERS, T0, 100)).extracting(NodeTiming::nodeId).containsExactly("in", "ok");
    }
}
