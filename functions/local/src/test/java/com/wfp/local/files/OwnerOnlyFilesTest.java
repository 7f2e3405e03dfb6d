package com.wfp.local.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class OwnerOnlyFilesTest {

    @TempDir
    Path dir;

    @Test
    void directory_whenItExistsOpenToOthers_isMadeOwnerOnly() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));

        OwnerOnlyFiles.directory(data);

        assertThat(OwnerOnlyFiles.permissions(data)).isEqualTo("rwx------");
    }

    @Test
    void restrict_whenAFileIsReadableByOthers_makesItOwnerOnlyAndLeavesMissingOnesMissing() throws Exception {
        Path db = Files.writeString(dir.resolve("wfp.db"), "x");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));

        OwnerOnlyFiles.restrict(db);
        OwnerOnlyFiles.restrict(dir.resolve("wfp.db-wal"));

        assertThat(OwnerOnlyFiles.permissions(db)).isEqualTo("rw-------");
        assertThat(dir.resolve("wfp.db-wal")).doesNotExist();
    }
}
