package com.wfp.adapters.local.pod;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.wfp.workflow.error.DomainException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pod state as JSON files, {@code <dataDir>/pods/<user>/<kind>.json}, each replaced atomically.
 * The files hold admin tokens, so they are readable by their owner only where the file system
 * has POSIX permissions.
 */
final class PodStateStore {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Path root;

    PodStateStore(Path dataDir) {
        this.root = dataDir.resolve("pods");
    }

    Optional<PodState> read(PodKey key) {
        Path file = fileOf(key);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), PodState.class));
        } catch (IOException e) {
            throw new DomainException("pod.state-unreadable", 500,
                    "The saved state of the " + key + " in " + file + " cannot be read: " + e.getMessage(),
                    "Repair or delete that file; deleting it forgets the pod's releases until they are loaded again.",
                    e);
        }
    }

    void write(PodKey key, PodState state) {
        Path file = fileOf(key);
        try {
            Files.createDirectories(file.getParent());
            restrictToOwner(file.getParent(), "rwx------");
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
            restrictToOwner(temporary, "rw-------");
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new DomainException("pod.state-unwritable", 500,
                    "The state of the " + key + " cannot be saved to " + file + ": " + e.getMessage(),
                    "Check that the data directory is writable and the disk is not full.", e);
        }
    }

    /** Users that have a saved pod of this kind. */
    List<String> users(PodKind kind) {
        List<String> users = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return users;
        }
        try (DirectoryStream<Path> directories = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path directory : directories) {
                if (Files.exists(directory.resolve(kind.label() + ".json"))) {
                    users.add(directory.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new DomainException("pod.state-unreadable", 500,
                    "The pod state directory " + root + " cannot be listed: " + e.getMessage(),
                    "Check that the data directory is readable.", e);
        }
        users.sort(null);
        return users;
    }

    private Path fileOf(PodKey key) {
        return root.resolve(key.user()).resolve(key.kind().label() + ".json");
    }

    private static void restrictToOwner(Path path, String permissions) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }
}
