package com.wfp.pod;

import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodSettingsTest {

    private static final String TOKEN = "0123456789abcdef0123";

    @Test
    void fromArgsAndEnvironment_withNothingButToken_usesLoopbackAndDefaults() {
        PodSettings settings = PodSettings.fromArgsAndEnvironment(new String[0], Map.of("WFP_POD_TOKEN", TOKEN));

        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isZero();
        assertThat(settings.token()).isEqualTo(TOKEN);
        assertThat(settings.maxConcurrency()).isEqualTo(PodSettings.DEFAULT_MAX_CONCURRENCY);
        assertThat(settings.queueSize()).isEqualTo(PodSettings.DEFAULT_QUEUE_SIZE);
    }

    @Test
    void fromArgsAndEnvironment_argsOverrideEnvironment() {
        PodSettings settings = PodSettings.fromArgsAndEnvironment(
                new String[]{"--port=9090", "--max-concurrency", "8", "--name=alice", "--queue-timeout-ms=250"},
                Map.of("WFP_POD_TOKEN", TOKEN, "WFP_POD_PORT", "7070", "WFP_POD_QUEUE_SIZE", "3", "WFP_POD_HOST", "0.0.0.0"));

        assertThat(settings.port()).isEqualTo(9090);
        assertThat(settings.maxConcurrency()).isEqualTo(8);
        assertThat(settings.podName()).isEqualTo("alice");
        assertThat(settings.queueSize()).isEqualTo(3);
        assertThat(settings.host()).isEqualTo("0.0.0.0");
        assertThat(settings.queueTimeout()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void fromArgsAndEnvironment_withTokenFile_readsTheTokenFromIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "from-file-token-123456\n");

        PodSettings settings = PodSettings.fromArgsAndEnvironment(new String[]{"--token-file", file.toString()}, Map.of());

        assertThat(settings.token()).isEqualTo("from-file-token-123456");
    }

    @Test
    void fromArgsAndEnvironment_withoutToken_failsWithHint() {
        assertThatThrownBy(() -> PodSettings.fromArgsAndEnvironment(new String[0], Map.of()))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("pod.settings.token");
                    assertThat(e.hint()).contains("WFP_POD_TOKEN");
                });
    }

    @Test
    void fromArgsAndEnvironment_withUnknownOptionOrBadNumber_fails() {
        Map<String, String> env = Map.of("WFP_POD_TOKEN", TOKEN);
        assertThatThrownBy(() -> PodSettings.fromArgsAndEnvironment(new String[]{"--colour=blue"}, env))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("pod.settings.colour"));
        assertThatThrownBy(() -> PodSettings.fromArgsAndEnvironment(new String[]{"--port=eighty"}, env))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("pod.settings.port"));
        assertThatThrownBy(() -> PodSettings.fromArgsAndEnvironment(new String[]{"--max-concurrency=0"}, env))
                .isInstanceOf(DomainException.class);
    }
}
