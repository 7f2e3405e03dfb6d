package com.wfp.adapters.local.pod;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodStateStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void write_thenRead_returnsTheSameStateAndListsTheUser() throws Exception {
        PodStateStore store = new PodStateStore(dataDir);
        PodKey key = new PodKey("ada", PodKind.PRODUCTION);
        LoadedRelease release = new LoadedRelease("rel-1", "hello", "1.0.0",
                new ObjectMapper().readTree(PodTesting.HELLO_WORKFLOW), "ab".repeat(32), "2026-01-01T00:00:00Z");
        PodState state = new PodState("ada", "production", "secret-token", false, 1234, 40001, List.of(release), "launch-1");

        store.write(key, state);

        assertThat(store.read(key)).contains(state);
        assertThat(store.read(new PodKey("ada", PodKind.DEBUG))).isEmpty();
        assertThat(store.users(PodKind.PRODUCTION)).containsExactly("ada");
        assertThat(store.users(PodKind.DEBUG)).isEmpty();
        Path file = dataDir.resolve("pods/ada/production.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void read_whenTheFileIsCorrupt_failsWithAHintToRepairIt() throws Exception {
        Path file = dataDir.resolve("pods/ada/production.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{ not json");

        assertThatThrownBy(() -> new PodStateStore(dataDir).read(new PodKey("ada", PodKind.PRODUCTION)))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("pod.state-unreadable");
                    assertThat(e.getMessage()).contains(file.toString());
                    assertThat(e.hint()).contains("delete");
                });
    }
}
