package com.wfp.pod;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RunRouteExecutionIdTest {

    @Test
    void executionId_whenNoneIsOffered_isHexThatSortsByTimeMade() throws InterruptedException {
        String first = RunRoute.executionId(null);
        Thread.sleep(3);
        String later = RunRoute.executionId(null);

        assertThat(first).matches("[0-9a-f]{32}");
        assertThat(later).matches("[0-9a-f]{32}");
        assertThat(later).as("the telemetry store's indexes grow at their ends").isGreaterThan(first);
        assertThat(Long.parseLong(later.substring(0, 12), 16)).isCloseTo(System.currentTimeMillis(),
                org.assertj.core.data.Offset.offset(5_000L));
    }

    @Test
    void executionId_madeInTheSameMillisecond_differ() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(RunRoute.executionId(null));
        }

        assertThat(ids).hasSize(10_000);
    }

    @Test
    void executionId_offeredByTheGateway_isKeptWhenWellFormed() {
        assertThat(RunRoute.executionId("exec-0001")).isEqualTo("exec-0001");
        assertThat(RunRoute.executionId("bad id\r\n")).matches("[0-9a-f]{32}");
    }

    @Test
    void callerKeyId_whenTheGatewayNamedAPlausibleOne_isKept() {
        assertThat(RunRoute.callerKeyId("key_0123456789abcdef")).isEqualTo("key_0123456789abcdef");
        assertThat(RunRoute.callerKeyId("anonymous")).isEqualTo("anonymous");
        assertThat(RunRoute.callerKeyId("ada-lovelace")).isEqualTo("ada-lovelace");
    }

    @Test
    void callerKeyId_whenAbsentOrImplausible_isIgnored() {
        assertThat(RunRoute.callerKeyId(null)).isNull();
        assertThat(RunRoute.callerKeyId("")).isNull();
        assertThat(RunRoute.callerKeyId("key\",\"status\":\"SUCCEEDED")).isNull();
        assertThat(RunRoute.callerKeyId("wfp_the-key-itself/with+base64=")).isNull();
        assertThat(RunRoute.callerKeyId("k".repeat(129))).isNull();
    }
}
