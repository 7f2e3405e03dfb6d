package com.wfp.platform.port;

import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.telemetry.ErrorGroup;
import com.wfp.platform.telemetry.ExecutionFailure;
import com.wfp.platform.telemetry.ExecutionQuery;
import com.wfp.platform.telemetry.ExecutionRecord;
import com.wfp.platform.telemetry.LatencyHistogram;
import com.wfp.platform.telemetry.MinuteMetrics;
import com.wfp.platform.telemetry.NodeTiming;
import com.wfp.platform.telemetry.TelemetryBatch;
import com.wfp.workflow.engine.ExecutionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The behaviour every {@link TelemetryStore} must have. An adapter's test extends this class and
 * returns a fresh, empty store from {@link #newStore()}.
 */
public abstract class TelemetryStoreContract {

    protected static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    protected static final WorkflowRef ORDERS = new WorkflowRef("ada", "shop", "orders");
    protected static final WorkflowRef OTHER = new WorkflowRef("bob", "shop", "orders");
    protected static final ReleaseId V1 = new ReleaseId("rel-v1");
    protected static final ReleaseId V2 = new ReleaseId("rel-v2");

    protected TelemetryStore store;

    /** A fresh, empty store. */
    protected abstract TelemetryStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected static ExecutionRecord ok(String id, WorkflowRef ref, ReleaseId release, Instant at) {
        return new ExecutionRecord(id, ref, release, release == V1 ? "v1" : "v2", at, ExecutionStatus.SUCCEEDED, 200,
                1500, null, false, List.of(new NodeTiming("in", "trigger.http", "SUCCEEDED", 10),
                new NodeTiming("ok", "respond", "SUCCEEDED", 20)), null);
    }

    protected static ExecutionRecord failed(String id, WorkflowRef ref, ReleaseId release, Instant at, String node,
                                            String code, String message) {
        return new ExecutionRecord(id, ref, release, release == V1 ? "v1" : "v2", at, ExecutionStatus.FAILED, 502, 2500,
                null, false, List.of(new NodeTiming(node, "http.request", "FAILED", 2400)),
                new ExecutionFailure(node, code, "com.wfp.workflow.engine.NodeException", message,
                        "NodeException: " + message + "\n\tat Steps.http", "{\"orderId\":\"A-1\",\"card\":\"***\"}"));
    }

    private static TelemetryBatch executions(ExecutionRecord... records) {
        return new TelemetryBatch(List.of(records), List.of(), List.of());
    }

    private static ExecutionQuery all(WorkflowRef ref) {
        return new ExecutionQuery(ref, null, null, null, null, 100);
    }

    @Test
    void ingest_thenExecutions_returnsTheWorkflowsExecutionsNewestFirstAsGiven() {
        ExecutionRecord first = ok("exec-00000001", ORDERS, V1, T0);
        ExecutionRecord second = failed("exec-00000002", ORDERS, V1, T0.plusSeconds(1), "lookup", "http.timeout",
                "GET https://crm.example.com timed out after 3000 ms");
        store.ingest(executions(first, second, ok("exec-00000003", OTHER, V1, T0)));

        assertThat(store.executions(all(ORDERS))).containsExactly(second, first);
        assertThat(store.executions(all(OTHER))).extracting(ExecutionRecord::executionId).containsExactly("exec-00000003");
    }

    @Test
    void executions_filteredByStatusVersionSinceAndLimit_returnOnlyThoseAsked() {
        store.ingest(executions(ok("exec-00000001", ORDERS, V1, T0),
                failed("exec-00000002", ORDERS, V1, T0.plusSeconds(1), "lookup", "http.timeout", "timed out"),
                failed("exec-00000003", ORDERS, V2, T0.plusSeconds(2), "lookup", "http.timeout", "timed out"),
                ok("exec-00000004", ORDERS, V2, T0.plusSeconds(3))));

        assertThat(store.executions(new ExecutionQuery(ORDERS, ExecutionStatus.FAILED, null, null, null, 100)))
                .extracting(ExecutionRecord::executionId).containsExactly("exec-00000003", "exec-00000002");
        assertThat(store.executions(new ExecutionQuery(ORDERS, null, "v1", null, null, 100)))
                .extracting(ExecutionRecord::executionId).containsExactly("exec-00000002", "exec-00000001");
        assertThat(store.executions(new ExecutionQuery(ORDERS, null, null, T0.plusSeconds(2), null, 100)))
                .extracting(ExecutionRecord::executionId).containsExactly("exec-00000004", "exec-00000003");
        assertThat(store.executions(new ExecutionQuery(ORDERS, null, null, null, null, 1)))
                .extracting(ExecutionRecord::executionId).containsExactly("exec-00000004");
    }

    @Test
    void executions_withSearchText_findFailuresByWordsOfTheirMessageCodeAndInput() {
        store.ingest(executions(
                failed("exec-00000001", ORDERS, V1, T0, "lookup", "http.timeout", "crm.example.com timed out"),
                failed("exec-00000002", ORDERS, V1, T0.plusSeconds(1), "score", "expression.failed",
                        "Cannot add a string to a number"),
                ok("exec-00000003", ORDERS, V1, T0.plusSeconds(2))));

        assertThat(search("timed out")).containsExactly("exec-00000001");
        assertThat(search("string number")).containsExactly("exec-00000002");
        assertThat(search("A-1")).containsExactly("exec-00000002", "exec-00000001");
        assertThat(search("timed string")).isEmpty();
        // FTS syntax typed by a user is searched for as words, never parsed.
        assertThat(search("\" OR * NEAR( AND")).isEmpty();
        assertThat(search("\"")).isEmpty();
    }

    private List<String> search(String text) {
        return store.executions(new ExecutionQuery(ORDERS, null, null, null, text, 100)).stream()
                .map(ExecutionRecord::executionId).toList();
    }

    @Test
    void execution_byId_returnsItOrEmpty() {
        ExecutionRecord record = failed("exec-00000001", ORDERS, V1, T0, "lookup", "http.timeout", "timed out");
        store.ingest(executions(record));

        assertThat(store.execution("exec-00000001")).contains(record);
        assertThat(store.execution("exec-00000009")).isEmpty();
    }

    @Test
    void ingest_aCallerBeforeOrAfterItsExecution_joinsThemAndListsNoHalfRecord() {
        store.ingest(new TelemetryBatch(List.of(),
                List.of(new TelemetryBatch.Caller(V1, "exec-00000001", "key_A", T0)), List.of()));
        assertThat(store.executions(all(ORDERS))).isEmpty();
        assertThat(store.execution("exec-00000001")).isEmpty();

        store.ingest(executions(ok("exec-00000001", ORDERS, V1, T0), ok("exec-00000002", ORDERS, V1, T0)));
        store.ingest(new TelemetryBatch(List.of(),
                List.of(new TelemetryBatch.Caller(V1, "exec-00000002", "key_B", T0)), List.of()));

        assertThat(store.execution("exec-00000001").orElseThrow().callerKeyId()).isEqualTo("key_A");
        assertThat(store.execution("exec-00000002").orElseThrow().callerKeyId()).isEqualTo("key_B");
    }

    @Test
    void ingest_aCallerInTheSameBatchAsItsExecution_keepsTheCallerAndOneRecord() {
        store.ingest(new TelemetryBatch(
                List.of(ok("exec-00000001", ORDERS, V1, T0), ok("exec-00000002", ORDERS, V1, T0)),
                List.of(new TelemetryBatch.Caller(V1, "exec-00000001", "key_A", T0),
                        new TelemetryBatch.Caller(V1, "exec-00000003", "key_C", T0)), List.of()));

        assertThat(store.execution("exec-00000001").orElseThrow().callerKeyId()).isEqualTo("key_A");
        assertThat(store.execution("exec-00000002").orElseThrow().callerKeyId()).isNull();
        assertThat(store.executions(all(ORDERS))).extracting(ExecutionRecord::executionId)
                .containsExactlyInAnyOrder("exec-00000001", "exec-00000002");

        store.ingest(executions(ok("exec-00000003", ORDERS, V1, T0)));
        assertThat(store.execution("exec-00000003").orElseThrow().callerKeyId()).isEqualTo("key_C");
    }

    @Test
    void errorGroups_countFailuresByFingerprint_withFirstSeenReleaseAndEveryAffectedRelease() {
        store.ingest(executions(
                failed("exec-00000001", ORDERS, V1, T0, "lookup", "http.status", "Order 17 not found at 'x1'"),
                failed("exec-00000002", ORDERS, V2, T0.plusSeconds(60), "lookup", "http.status", "Order 42 not found at 'y2'"),
                failed("exec-00000003", ORDERS, V2, T0.plusSeconds(120), "lookup", "http.status", "Order 43 not found at 'y2'"),
                failed("exec-00000004", ORDERS, V2, T0.plusSeconds(30), "score", "http.status", "Order 17 not found at 'x1'")));

        List<ErrorGroup> groups = store.errorGroups(ORDERS, Instant.EPOCH);

        assertThat(groups).hasSize(2);
        ErrorGroup lookup = groups.getFirst();
        assertThat(lookup.nodeId()).isEqualTo("lookup");
        assertThat(lookup.code()).isEqualTo("http.status");
        assertThat(lookup.pattern()).isEqualTo("Order <n> not found at <v>");
        assertThat(lookup.count()).isEqualTo(3);
        assertThat(lookup.firstSeen()).isEqualTo(T0);
        assertThat(lookup.lastSeen()).isEqualTo(T0.plusSeconds(120));
        assertThat(lookup.lastMessage()).isEqualTo("Order 43 not found at 'y2'");
        assertThat(lookup.firstSeenIn()).isEqualTo("v1");
        assertThat(lookup.releases()).extracting(ErrorGroup.ReleaseOccurrences::version, ErrorGroup.ReleaseOccurrences::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("v1", 1L), org.assertj.core.groups.Tuple.tuple("v2", 2L));
        ErrorGroup score = groups.get(1);
        assertThat(score.nodeId()).isEqualTo("score");
        assertThat(score.firstSeenIn()).isEqualTo("v2");
        assertThat(store.errorGroups(ORDERS, T0.plusSeconds(100))).extracting(ErrorGroup::nodeId).containsExactly("lookup");
        assertThat(store.errorGroups(OTHER, Instant.EPOCH)).isEmpty();
    }

    @Test
    void errorGroups_byQuery_filterByReleaseNodeCodeAndFullTextOfTheirFailures() {
        store.ingest(executions(
                failed("exec-00000001", ORDERS, V1, T0, "lookup", "http.timeout", "GET crm.example.com timed out"),
                failed("exec-00000002", ORDERS, V2, T0.plusSeconds(1), "lookup", "http.timeout", "GET crm.example.com timed out"),
                failed("exec-00000003", ORDERS, V2, T0.plusSeconds(2), "charge", "http.status", "POST pay.example.com answered 503"),
                failed("exec-00000004", OTHER, V2, T0.plusSeconds(3), "charge", "http.status", "POST pay.example.com answered 503")));
        java.util.function.Function<com.wfp.platform.telemetry.ErrorGroupQuery, List<String>> codes = q ->
                store.errorGroups(q).stream().map(ErrorGroup::code).toList();

        assertThat(codes.apply(query(null, null, null, null))).containsExactly("http.status", "http.timeout");
        assertThat(codes.apply(query("v1", null, null, null))).containsExactly("http.timeout");
        assertThat(codes.apply(query(null, "charge", null, null))).containsExactly("http.status");
        assertThat(codes.apply(query(null, null, "http.timeout", null))).containsExactly("http.timeout");
        assertThat(codes.apply(query(null, null, null, "pay.example.com 503"))).containsExactly("http.status");
        assertThat(codes.apply(query(null, null, null, "crm"))).containsExactly("http.timeout");
        assertThat(codes.apply(query(null, null, null, "nowhere"))).isEmpty();
        assertThat(codes.apply(query("v1", "charge", null, null))).isEmpty();
        assertThat(store.errorGroups(new com.wfp.platform.telemetry.ErrorGroupQuery(OTHER, null, null, null, null,
                "pay", 10))).singleElement().satisfies(g -> assertThat(g.ref()).isEqualTo(OTHER));
    }

    private static com.wfp.platform.telemetry.ErrorGroupQuery query(String version, String node, String code, String text) {
        return new com.wfp.platform.telemetry.ErrorGroupQuery(ORDERS, null, version, node, code, text, 100);
    }

    @Test
    void failuresOf_aGroup_returnsItsNewestFailuresOnly() {
        ExecutionRecord older = failed("exec-00000001", ORDERS, V1, T0, "lookup", "http.timeout", "GET crm timed out");
        ExecutionRecord newer = failed("exec-00000002", ORDERS, V2, T0.plusSeconds(5), "lookup", "http.timeout",
                "GET crm timed out");
        store.ingest(executions(older, newer, failed("exec-00000003", ORDERS, V2, T0.plusSeconds(9), "charge",
                "http.status", "POST pay answered 503"), ok("exec-00000004", ORDERS, V2, T0.plusSeconds(10))));
        String fingerprint = older.fingerprint().value();

        assertThat(store.failuresOf(ORDERS, fingerprint, 10)).containsExactly(newer, older);
        assertThat(store.failuresOf(ORDERS, fingerprint, 1)).containsExactly(newer);
        assertThat(store.failuresOf(OTHER, fingerprint, 10)).isEmpty();
    }

    @Test
    void failureCounts_countEachGroupsFailuresPerBucket_leavingOutShadowsAndOlderOnes() {
        ExecutionRecord first = failed("exec-00000001", ORDERS, V1, T0, "lookup", "http.timeout", "GET crm timed out");
        ExecutionRecord shadow = new ExecutionRecord("exec-00000009", ORDERS, V1, "v1", T0.plusSeconds(61),
                ExecutionStatus.FAILED, 502, 10, null, true, List.of(), first.failure());
        store.ingest(executions(first,
                failed("exec-00000002", ORDERS, V1, T0.plusSeconds(30), "lookup", "http.timeout", "GET crm timed out"),
                failed("exec-00000003", ORDERS, V1, T0.plusSeconds(70), "lookup", "http.timeout", "GET crm timed out"),
                failed("exec-00000004", ORDERS, V1, T0.minusSeconds(30), "lookup", "http.timeout", "GET crm timed out"),
                shadow));
        String fingerprint = first.fingerprint().value();

        assertThat(store.failureCounts(ORDERS, T0, java.time.Duration.ofMinutes(1))).containsExactlyInAnyOrder(
                new com.wfp.platform.telemetry.FailureCount(fingerprint, T0, 2),
                new com.wfp.platform.telemetry.FailureCount(fingerprint, T0.plusSeconds(60), 1));
        assertThat(store.failureCounts(OTHER, T0, java.time.Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void nodeTimings_returnTheNodesOfExecutionsInTheWindow_withTheHostsTheyCalled() {
        ExecutionRecord called = new ExecutionRecord("exec-00000001", ORDERS, V1, "v1", T0, ExecutionStatus.FAILED, 502,
                2500, null, false, List.of(new NodeTiming("lookup", "http.request", "TIMED_OUT", 2000,
                "crm.example.com", 0)), new ExecutionFailure("lookup", "http.timeout", "", "timed out", "", ""));
        store.ingest(executions(called, ok("exec-00000002", ORDERS, V1, T0.minusSeconds(60)),
                ok("exec-00000003", OTHER, V1, T0)));

        assertThat(store.nodeTimings(ORDERS, T0, 100)).containsExactly(new NodeTiming("lookup", "http.request",
                "TIMED_OUT", 2000, "crm.example.com", 0));
        assertThat(store.nodeTimings(ORDERS, T0.minusSeconds(60), 100)).hasSize(3);
        assertThat(store.nodeTimings(ORDERS, T0.minusSeconds(60), 1)).hasSize(1);
    }

    @Test
    void ingest_theSameExecutionTwice_replacesItAndCountsItOnce() {
        ExecutionRecord record = failed("exec-00000001", ORDERS, V1, T0, "lookup", "http.timeout", "timed out");
        store.ingest(executions(record));
        store.ingest(executions(record));

        assertThat(store.executions(all(ORDERS))).hasSize(1);
        assertThat(store.errorGroups(ORDERS, Instant.EPOCH)).singleElement()
                .extracting(ErrorGroup::count).isEqualTo(1L);
    }

    @Test
    void minutes_addUpPartialsOfTheSameReleaseAndMinute_andMergeTheirHistograms() {
        LatencyHistogram fast = new LatencyHistogram();
        for (int i = 1; i <= 90; i++) {
            fast.record(i * 1000L);
        }
        LatencyHistogram slow = new LatencyHistogram();
        for (int i = 0; i < 10; i++) {
            slow.record(1_000_000L);
        }
        store.ingest(new TelemetryBatch(List.of(), List.of(), List.of(
                new MinuteMetrics(ORDERS, V1, "v1", T0.plusSeconds(5), 90, 0, fast),
                new MinuteMetrics(ORDERS, V2, "v2", T0.plusSeconds(60), 3, 1, fast))));
        store.ingest(new TelemetryBatch(List.of(), List.of(), List.of(
                new MinuteMetrics(ORDERS, V1, "v1", T0.plusSeconds(50), 10, 10, slow))));

        List<MinuteMetrics> minutes = store.minutes(ORDERS, T0, T0.plusSeconds(120));

        assertThat(minutes).extracting(MinuteMetrics::version).containsExactly("v1", "v2");
        MinuteMetrics first = minutes.getFirst();
        assertThat(first.minute()).isEqualTo(T0);
        assertThat(first.calls()).isEqualTo(100);
        assertThat(first.errors()).isEqualTo(10);
        assertThat(first.latency().count()).isEqualTo(100);
        assertThat(first.latency().percentileMillis(50)).isCloseTo(50, within(1.0));
        assertThat(first.latency().percentileMillis(95)).isCloseTo(1000, within(10.0));
        assertThat(store.minutes(ORDERS, T0.plusSeconds(60), T0.plusSeconds(120))).extracting(MinuteMetrics::version)
                .containsExactly("v2");
        assertThat(store.minutes(OTHER, T0, T0.plusSeconds(120))).isEmpty();
    }

    @Test
    void purge_removesOldExecutionsAndMinutes_andKeepsErrorGroups() {
        store.ingest(new TelemetryBatch(List.of(
                failed("exec-00000001", ORDERS, V1, T0, "lookup", "http.timeout", "timed out"),
                ok("exec-00000002", ORDERS, V1, T0.plusSeconds(3600))), List.of(),
                List.of(new MinuteMetrics(ORDERS, V1, "v1", T0, 1, 0, new LatencyHistogram()),
                        new MinuteMetrics(ORDERS, V1, "v1", T0.plusSeconds(3600), 1, 0, new LatencyHistogram()))));

        long removed = store.purge(T0.plusSeconds(60), T0.plusSeconds(60), T0);

        assertThat(removed).isEqualTo(2);
        assertThat(store.executions(all(ORDERS))).extracting(ExecutionRecord::executionId).containsExactly("exec-00000002");
        assertThat(search("timed")).isEmpty();
        assertThat(store.minutes(ORDERS, T0, T0.plusSeconds(7200))).hasSize(1);
        assertThat(store.errorGroups(ORDERS, Instant.EPOCH)).hasSize(1);
    }

    @Test
    void purge_rollsOldMinutesUpIntoHours_addingCallsAndMergingHistograms_andDropsHoursPastTheirRetention() {
        LatencyHistogram first = new LatencyHistogram();
        first.record(1_000);
        first.record(2_000);
        LatencyHistogram second = new LatencyHistogram();
        for (int i = 0; i < 3; i++) {
            second.record(100_000);
        }
        Instant earlier = T0.minus(java.time.Duration.ofDays(400));
        LatencyHistogram old = new LatencyHistogram();
        old.record(5_000);
        store.ingest(new TelemetryBatch(List.of(), List.of(), List.of(
                new MinuteMetrics(ORDERS, V1, "v1", T0, 2, 1, first),
                new MinuteMetrics(ORDERS, V1, "v1", T0.plusSeconds(60), 3, 0, second),
                new MinuteMetrics(ORDERS, V2, "v2", T0.plusSeconds(120), 1, 1, first.copy()),
                new MinuteMetrics(ORDERS, V1, "v1", earlier, 1, 0, old),
                new MinuteMetrics(ORDERS, V1, "v1", T0.plusSeconds(7200), 4, 0, new LatencyHistogram()))));

        store.purge(T0, T0.plusSeconds(3600), T0.minus(java.time.Duration.ofDays(395)));

        assertThat(store.minutes(ORDERS, earlier, T0.plusSeconds(10_000))).extracting(MinuteMetrics::minute)
                .containsExactly(T0.plusSeconds(7200));
        List<MinuteMetrics> hours = store.hours(ORDERS, earlier, T0.plusSeconds(10_000));
        assertThat(hours).extracting(MinuteMetrics::releaseId).containsExactly(V1, V2);
        MinuteMetrics v1 = hours.getFirst();
        assertThat(v1.minute()).isEqualTo(T0);
        assertThat(v1.calls()).isEqualTo(5);
        assertThat(v1.errors()).isEqualTo(1);
        assertThat(v1.latency().count()).isEqualTo(5);
        assertThat(v1.latency().percentileMillis(99)).isCloseTo(100, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(hours.get(1).calls()).isEqualTo(1);

        store.purge(T0, T0.plusSeconds(3600), T0.minus(java.time.Duration.ofDays(395)));
        assertThat(store.hours(ORDERS, earlier, T0.plusSeconds(10_000))).extracting(MinuteMetrics::calls)
                .as("a second purge counts nothing twice").containsExactly(5L, 1L);
    }
}
