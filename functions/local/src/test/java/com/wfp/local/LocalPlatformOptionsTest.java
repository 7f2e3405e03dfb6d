package com.wfp.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocalPlatformOptionsTest {

    @Test
    void defaultDataDir_whenWfpDataIsSet_usesIt() {
        assertThat(LocalPlatformOptions.defaultDataDir(Map.of("WFP_DATA", "/srv/wfp"))).isEqualTo(Path.of("/srv/wfp"));
    }

    @Test
    void defaultDataDir_whenWfpDataIsUnsetOrBlank_isDotWfpDataHere() {
        assertThat(LocalPlatformOptions.defaultDataDir(Map.of())).isEqualTo(Path.of(".wfp-data"));
        assertThat(LocalPlatformOptions.defaultDataDir(Map.of("WFP_DATA", " "))).isEqualTo(Path.of(".wfp-data"));
    }
}
