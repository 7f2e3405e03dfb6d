package com.wfp.local.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes secrets (the admin token, the keystore and its password) so that only the owner can
 * read them: directories 0700, files 0600, set before any byte is written and replaced
 * atomically so a crash never leaves half a secret behind.
 */
public final class OwnerOnlyFiles {

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyFiles() {
    }

    /**
     * Creates the directory (and parents) when missing; a new directory is 0700, and one that
     * exists already is made 0700 too (a data directory created by hand or by an older version).
     */
    public static Path directory(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                restrict(dir);
                return dir;
            }
            if (dir.getParent() != null) {
                Files.createDirectories(dir.getParent());
            }
            try {
                if (isPosix(dir.getParent())) {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
                } else {
                    Files.createDirectory(dir);
                }
            } catch (FileAlreadyExistsException raced) {
                // Another process created it between the check and here; that is fine.
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the directory " + dir, e);
        }
    }

    /** Writes {@code content} to {@code file} with mode 0600, replacing it atomically. */
    public static void write(Path file, byte[] content) {
        Path dir = directory(file.toAbsolutePath().getParent());
        try {
            Path temp = isPosix(dir)
                    ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(FILE))
                    : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.write(temp, content);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /**
     * Makes an existing file 0600 (a directory 0700) where the file system has permissions;
     * a missing file is left missing.
     */
    public static void restrict(Path path) {
        try {
            if (isPosix(path) && Files.exists(path)) {
                Files.setPosixFilePermissions(path, Files.isDirectory(path) ? DIRECTORY : FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make " + path + " readable by its owner only", e);
        }
    }

    /** The file's POSIX permissions, as {@code rw-------}; null where the file system has none. */
    public static String permissions(Path file) {
        try {
            return isPosix(file) ? PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
