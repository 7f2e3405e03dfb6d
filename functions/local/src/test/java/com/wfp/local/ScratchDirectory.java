package com.wfp.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The temporary directories tests and benchmarks give a platform, a gateway or a CLI profile as their own. Each
 * run makes new ones (SQLite files, certificates, pod state; hundreds of megabytes after a benchmark), so every
 * user deletes its directory once whatever used it has stopped; otherwise the runs pile up in the temporary
 * directory until the disk is full.
 *
 * <p>To look at what a failed run left, run it with the system property {@code -Dwfp.keepTestData=true} (on the
 * Maven command line, which passes it to the test JVM, or on the benchmark's {@code java} command): nothing is
 * deleted then, and each directory kept is named on standard error.
 */
public final class ScratchDirectory {

    /** The system property that keeps every scratch directory for someone to look at. */
    public static final String KEEP_PROPERTY = "wfp.keepTestData";

    private ScratchDirectory() {
    }

    /** A new, empty directory in the system's temporary directory, its name starting with {@code prefix}. */
    public static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /**
     * Deletes {@code dir} and everything in it, unless {@value #KEEP_PROPERTY} is {@code true}. A directory that is
     * not there (or {@code null}, when the setup failed before making it) is left alone. Symbolic links are deleted,
     * never followed.
     */
    public static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Boolean.getBoolean(KEEP_PROPERTY)) {
            System.err.println("kept test data in " + dir + " (" + KEEP_PROPERTY + "=true)");
            return;
        }
        List<Path> deepestFirst;
        try (Stream<Path> files = Files.walk(dir)) {
            deepestFirst = files.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path file : deepestFirst) {
            Files.deleteIfExists(file);
        }
    }
}
