package com.wfp.adapters.local.pod;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PodArgumentsTest {

    private final LocalPodSettings settings = LocalPodSettings.defaults(Path.of("data"));

    @Test
    void of_aUsersPod_bindsLoopbackWithTheUsersNameAndLimits() {
        assertThat(PodArguments.of(settings, new PodKey("ada", PodKind.PRODUCTION), 0, null)).containsExactly(
                "--host=127.0.0.1", "--port=0", "--name=ada", "--max-concurrency=16", "--queue-size=64",
                "--drain-timeout-ms=4000");
    }

    @Test
    void of_neverCarriesTheToken() {
        assertThat(PodArguments.of(settings, new PodKey("ada", PodKind.DEBUG), 41000, Path.of("/d/pods/ada/debug.sock")))
                .noneMatch(argument -> argument.contains("token"))
                .contains("--port=41000", "--unix-socket=/d/pods/ada/debug.sock");
    }

    @Test
    void unixSocket_besideThePodsState_whenThePathFitsTheKernelsLimit() {
        LocalPodSettings shallow = LocalPodSettings.defaults(Path.of("/srv/wfp"));

        assertThat(PodArguments.unixSocket(shallow, new PodKey("ada", PodKind.PRODUCTION)))
                .isEqualTo(Path.of("/srv/wfp/pods/ada/production.sock"));
        assertThat(PodArguments.unixSocket(shallow, new PodKey("ada", PodKind.DEBUG)))
                .isEqualTo(Path.of("/srv/wfp/pods/ada/debug.sock"));
    }

    @Test
    void unixSocket_whenTheDataDirectoryIsTooDeepForOne_isNoneAndThePodIsCalledOnItsPort() {
        LocalPodSettings deep = LocalPodSettings.defaults(Path.of("/" + "d".repeat(100)));

        assertThat(PodArguments.unixSocket(deep, new PodKey("ada", PodKind.PRODUCTION))).isNull();
    }
}
