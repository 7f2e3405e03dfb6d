package com.wfp.adapters.local.telemetry;

import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.telemetry.ExecutionFailure;
import com.wfp.platform.telemetry.ExecutionRecord;
import com.wfp.platform.telemetry.NodeTiming;
import com.wfp.workflow.engine.ExecutionStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutionBlockTest {

    private static final WorkflowRef REF = new WorkflowRef("ada", "shop", "orders");
    private static final ReleaseId RELEASE = new ReleaseId("rel-v1");
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private static ExecutionRecord record(String id, Instant at, String caller, boolean shadow, List<NodeTiming> nodes) {
        return new ExecutionRecord(id, REF, RELEASE, "v1", at, ExecutionStatus.SUCCEEDED, 201, 1234, caller, shadow,
                nodes, null);
    }

    @Test
    void decode_ofEncoded_givesBackEveryFieldInOrder() {
        List<ExecutionRecord> records = List.of(
                record("0193a1b2c3d4e5f6", T0, "key_A", false, List.of(new NodeTiming("in", "trigger.http", "SUCCEEDED", 3),
                        new NodeTiming("lookup", "http.request", "SUCCEEDED", 90_000, "crm.example.com", 200))),
                record("0193a1b2c3d4e5f5", T0.minusMillis(40), null, true, List.of()),
                record("ünïcødé-✓", T0.plusSeconds(3600), "key_A", false,
                        List.of(new NodeTiming("in", "trigger.http", "SUCCEEDED", Long.MAX_VALUE, null, -1))));

        assertThat(ExecutionBlock.decode(REF, RELEASE, "v1", ExecutionBlock.encode(records))).isEqualTo(records);
        assertThat(ExecutionBlock.decode(REF, RELEASE, "v1", ExecutionBlock.encode(List.of()))).isEmpty();
    }

    @Test
    void encode_ofStringsThatRepeat_writesEachOnce() {
        List<NodeTiming> nodes = List.of(new NodeTiming("a-rather-long-node-id", "transform", "SUCCEEDED", 70));
        byte[] one = ExecutionBlock.encode(List.of(record("0193a1b2c3d4e5f6", T0, "key_A", false, nodes)));
        byte[] two = ExecutionBlock.encode(List.of(record("0193a1b2c3d4e5f6", T0, "key_A", false, nodes),
                record("0193a1b2c3d4e5f7", T0, "key_A", false, nodes)));

        // The second execution's id (17 bytes) and numbers, and references to strings written for the first;
        // written again, the strings alone would take 50 bytes.
        assertThat(two.length - one.length).isBetween(17, 40);
    }

    @Test
    void encode_aFailure_isRefused() {
        ExecutionRecord failed = new ExecutionRecord("x", REF, RELEASE, "v1", T0, ExecutionStatus.FAILED, 500, 1, null,
                false, List.of(), new ExecutionFailure("n", "code", "T", "m", "", ""));

        assertThatThrownBy(() -> ExecutionBlock.encode(List.of(failed))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decode_ofDamagedBytes_failsWithAClearError() {
        byte[] block = ExecutionBlock.encode(List.of(record("0193a1b2c3d4e5f6", T0, "key_A", false, List.of())));

        assertThatThrownBy(() -> ExecutionBlock.decode(REF, RELEASE, "v1", Arrays.copyOf(block, block.length - 3)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> ExecutionBlock.decode(REF, RELEASE, "v1", new byte[]{9}))
                .hasMessageContaining("format 9");
        assertThatThrownBy(() -> ExecutionBlock.decode(REF, RELEASE, "v1", new byte[]{1, (byte) 0xFF, (byte) 0xFF, 0x7F}))
                .hasMessageContaining("a count of");
    }

    @Test
    void bucketOf_aPodsId_isItsFirstEightCharacters() {
        assertThat(ExecutionBlock.bucketOf("0193a1b2c3d4e5f6aa")).isEqualTo("0193a1b2");
        assertThat(ExecutionBlock.bucketOf("short")).isEqualTo("short");
    }
}
