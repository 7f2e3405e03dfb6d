package com.wfp.adapters.local.pod;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalPodSettingsTest {

    @Test
    void defaults_launchThePodServerWithThisJvmAndItsClassPath() {
        LocalPodSettings settings = LocalPodSettings.defaults(Path.of("data"));

        assertThat(settings.javaExecutable()).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java"));
        assertThat(settings.classPath()).isEqualTo(System.getProperty("java.class.path"));
        assertThat(settings.mainClass()).isEqualTo("com.wfp.pod.PodMain");
        assertThat(settings.heapMb()).isEqualTo(256);
        assertThat(settings.readinessTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.restartBackoffInitial()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.restartBackoffMax()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jvmOptions_putTheHeapLimitAndPodOptionsBeforeTheExtraOnes() {
        LocalPodSettings settings = LocalPodSettings.defaults(Path.of("data"))
                .withExtraJvmOptions(List.of("-Dwfp.pod.mode=test"));

        assertThat(settings.jvmOptions()).containsExactly("-Xmx256m", "-XX:+UseSerialGC",
                "-Xshare:auto", "-Dwfp.pod.mode=test");
    }

    @Test
    void construction_withImpossibleValues_isRefused() {
        LocalPodSettings settings = LocalPodSettings.defaults(Path.of("data"));

        assertThatThrownBy(() -> settings.withReadinessTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readinessTimeout");
        assertThatThrownBy(() -> settings.withRestartBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("restartBackoffMax");
        assertThatThrownBy(() -> settings.withHealthCheck(Duration.ofSeconds(-1), 3, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("healthCheckInterval");
        assertThatThrownBy(() -> settings.withHealthCheck(Duration.ofSeconds(1), 0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unhealthyChecksBeforeRestart");
    }
}
