package com.wfp.local.files;

import com.wfp.workflow.error.DomainException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Keeps a data directory to one running platform. Two platforms on one directory would both
 * supervise the same pods and both run rollouts over one database; the second is refused with
 * the first one's process id. The lock is the operating system's, so a platform that was killed
 * leaves nothing behind to clean up.
 */
public final class DataDirectoryLock implements AutoCloseable {

    static final String FILE_NAME = "platform.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @throws DomainException 409 {@code platform.already-running} naming the holder when another
     *         platform uses the directory
     */
    public static DataDirectoryLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open " + file, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            lock = null;
        } catch (IOException e) {
            close(channel);
            throw new UncheckedIOException("Cannot lock " + file, e);
        }
        if (lock == null) {
            String holder = holder(file);
            close(channel);
            throw DomainException.conflict("platform.already-running",
                    "Another wfp platform is using the data directory " + dataDir + holder,
                    "Stop that platform first (Ctrl-C where it runs), or start this one on another directory with"
                            + " --data DIR.");
        }
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " since " + Instant.now() + "\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
        } catch (IOException e) {
            // The lock holds without the note; the note only makes the refusal of a second platform clearer.
        }
        return new DataDirectoryLock(channel, lock);
    }

    private static String holder(Path file) {
        try {
            String note = Files.readString(file, StandardCharsets.UTF_8).strip();
            return note.isEmpty() ? "" : " (" + note + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was locked through it.
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel releases it as well.
        } finally {
            close(channel);
        }
    }
}
