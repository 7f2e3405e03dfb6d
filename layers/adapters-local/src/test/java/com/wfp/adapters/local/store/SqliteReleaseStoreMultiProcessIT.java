package com.wfp.adapters.local.store;

import com.wfp.platform.release.Release;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Several operating-system processes write the same database file at once. */
class SqliteReleaseStoreMultiProcessIT {

    private static final int PROCESSES = 3;
    private static final int RELEASES_EACH = 20;

    @TempDir
    Path dir;

    @Test
    void writers_inSeparateProcesses_assignEverySequenceNumberOnceAndOnlyOneRoutingChangeWins() throws Exception {
        Path file = dir.resolve("shared.db");
        new SqliteReleaseStore(file).close();
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"),
                    ReleaseWriterProcess.class.getName(), file.toString(), "p" + p, String.valueOf(RELEASES_EACH), "0")
                    .redirectErrorStream(true)
                    .start());
        }
        List<String> outputs = new ArrayList<>();
        for (Process process : processes) {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("writer process finished").isTrue();
            String output = read(process);
            assertThat(process.exitValue()).as(output).isZero();
            outputs.add(output);
        }

        try (SqliteReleaseStore store = new SqliteReleaseStore(file)) {
            List<Release> releases = store.releases(ReleaseWriterProcess.REF);
            assertThat(releases).hasSize(PROCESSES * RELEASES_EACH);
            assertThat(releases).extracting(Release::seq).containsExactlyInAnyOrderElementsOf(
                    LongStream.rangeClosed(1, PROCESSES * RELEASES_EACH).boxed().toList());
            assertThat(releases).extracting(Release::versionName).doesNotHaveDuplicates();
            assertThat(outputs).filteredOn(o -> o.contains("routing won 1")).hasSize(1);
            assertThat(outputs).filteredOn(o -> o.contains("routing lost routing.stale-revision")).hasSize(PROCESSES - 1);
            assertThat(store.routing(ReleaseWriterProcess.REF).revision()).isEqualTo(1);
            assertThat(store.routingHistory(ReleaseWriterProcess.REF)).hasSize(1);
            assertThat(store.integrityCheck()).isEqualTo("ok");
        }
    }

    private static String read(Process process) throws IOException {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
