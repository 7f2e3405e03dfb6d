package com.wfp.local.files;

import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataDirectoryLockTest {

    @TempDir
    Path dataDir;

    @Test
    void acquire_whenTheDirectoryIsHeld_refusesNamingTheHolderAndTheWayOut() {
        try (DataDirectoryLock first = DataDirectoryLock.acquire(dataDir)) {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(dataDir))
                    .isInstanceOfSatisfying(DomainException.class, e -> {
                        assertThat(e.code()).isEqualTo("platform.already-running");
                        assertThat(e.httpStatus()).isEqualTo(409);
                        assertThat(e.getMessage()).contains(dataDir.toString())
                                .contains("pid " + ProcessHandle.current().pid());
                        assertThat(e.hint()).contains("--data DIR");
                    });
        }
    }

    @Test
    void acquire_afterTheHolderClosed_succeeds() {
        DataDirectoryLock.acquire(dataDir).close();

        try (DataDirectoryLock again = DataDirectoryLock.acquire(dataDir)) {
            assertThat(dataDir.resolve(DataDirectoryLock.FILE_NAME)).exists();
        }
    }

    @Test
    void acquire_onAnotherDirectory_isIndependent() throws java.io.IOException {
        Path other = java.nio.file.Files.createDirectories(dataDir.resolve("other"));
        try (DataDirectoryLock first = DataDirectoryLock.acquire(dataDir);
             DataDirectoryLock second = DataDirectoryLock.acquire(other)) {
            assertThat(second).isNotNull();
        }
    }
}
