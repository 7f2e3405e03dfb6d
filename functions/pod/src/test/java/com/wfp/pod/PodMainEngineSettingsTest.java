package com.wfp.pod;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PodMainEngineSettingsTest {

    @Test
    void engineSettings_withoutTheProperty_allowNoPrivateHost() {
        assertThat(PodMain.engineSettings(null).allowedPrivateHosts()).isEmpty();
        assertThat(PodMain.engineSettings(" ").allowedPrivateHosts()).isEmpty();
    }

    @Test
    void engineSettings_withAListOfHosts_allowEachOfThem() {
        assertThat(PodMain.engineSettings("localhost, 127.0.0.1,,").allowedPrivateHosts())
                .containsExactlyInAnyOrder("localhost", "127.0.0.1");
    }
}
