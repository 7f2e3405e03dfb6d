package com.wfp.adapters.local.pod;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PodArgumentsTest {

    private final LocalPodSettings settings = LocalPodSettings.defaults(Path.of("data"));

    @Test
    void of_aUsersPod_bindsLoopbackWithTheUsersNameAndLimits() {
        assertThat(PodArguments.of(settings, new PodKey("ada", PodKind.PRODUCTION), 0)).containsExactly(
                "--host=127.0.0.1", "--port=0", "--name=ada", "--max-concurrency=16", "--queue-size=64",
                "--drain-timeout-ms=4000");
    }

    @Test
    void of_neverCarriesTheToken() {
        assertThat(PodArguments.of(settings, new PodKey("ada", PodKind.DEBUG), 41000))
                .noneMatch(argument -> argument.contains("token"))
                .contains("--port=41000");
    }
}
