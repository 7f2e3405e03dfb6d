package com.wfp.adapters.local.pod;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PodProcessTest {

    @Test
    void readyLinePort_onTheReadyLine_returnsThePort() {
        assertThat(PodProcess.readyLinePort("{\"event\":\"pod.ready\",\"port\":43117,\"pid\":12}")).isEqualTo(43117);
        assertThat(PodProcess.readyLinePort("  {\"port\": 8080, \"event\": \"pod.ready\"}  ")).isEqualTo(8080);
    }

    @Test
    void readyLinePort_onOtherLines_returnsNull() {
        assertThat(PodProcess.readyLinePort("Starting pod.ready soon")).isNull();
        assertThat(PodProcess.readyLinePort("{\"event\":\"pod.starting\",\"port\":1}")).isNull();
        assertThat(PodProcess.readyLinePort("{\"event\":\"pod.ready\"}")).isNull();
        assertThat(PodProcess.readyLinePort("{\"event\":\"pod.ready\",\"port\":0}")).isNull();
        assertThat(PodProcess.readyLinePort("{\"event\":\"pod.ready\",\"port\":")).isNull();
    }
}
