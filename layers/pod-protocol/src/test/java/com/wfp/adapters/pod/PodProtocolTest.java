package com.wfp.adapters.pod;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PodProtocolTest {

    @Test
    void isForwarded_whenACallerSendsTheCallerHeaderInAnyCase_dropsIt() {
        assertThat(PodProtocol.isForwarded(PodProtocol.CALLER_HEADER)).isFalse();
        assertThat(PodProtocol.isForwarded("x-wfp-caller")).isFalse();
        assertThat(PodProtocol.isForwarded("X-WFP-CALLER")).isFalse();
        assertThat(PodProtocol.isPlatformHeader(PodProtocol.CALLER_HEADER)).isTrue();
    }

    @Test
    void isPlausibleCallerKeyId_whenAKeyIdAnonymousOrAPersonId_isTrue() {
        assertThat(PodProtocol.isPlausibleCallerKeyId("key_0123456789abcdef")).isTrue();
        assertThat(PodProtocol.isPlausibleCallerKeyId("anonymous")).isTrue();
        assertThat(PodProtocol.isPlausibleCallerKeyId("ada-lovelace")).isTrue();
        assertThat(PodProtocol.isPlausibleCallerKeyId("a")).isTrue();
        assertThat(PodProtocol.isPlausibleCallerKeyId("svc:billing.v2_key-1")).isTrue();
        assertThat(PodProtocol.isPlausibleCallerKeyId("k".repeat(128))).isTrue();
    }

    @Test
    void isPlausibleCallerKeyId_whenEmptyTooLongOddlyStartedOrWithOtherCharacters_isFalse() {
        assertThat(PodProtocol.isPlausibleCallerKeyId(null)).isFalse();
        assertThat(PodProtocol.isPlausibleCallerKeyId("")).isFalse();
        assertThat(PodProtocol.isPlausibleCallerKeyId("k".repeat(129))).isFalse();
        assertThat(PodProtocol.isPlausibleCallerKeyId("_key")).isFalse();
        assertThat(PodProtocol.isPlausibleCallerKeyId("-key")).isFalse();
        assertThat(PodProtocol.isPlausibleCallerKeyId("key id")).isFalse();
        assertThat(PodProtocol.isPlausibleCallerKeyId("key\r\nX-Injected: 1")).isFalse();
        assertThat(PodProtocol.isPlausibleCallerKeyId("key\"}")).isFalse();
        assertThat(PodProtocol.isPlausibleCallerKeyId("clé")).isFalse();
        assertThat(PodProtocol.isPlausibleCallerKeyId("wfp_abc/def+ghi=")).isFalse();
    }
}
