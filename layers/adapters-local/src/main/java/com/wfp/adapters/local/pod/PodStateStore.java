package com.wfp.adapters.local.pod;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.wfp.platform.pod.PodPlan;
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

    private static final String PLAN_FILE = "plan.json";

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
        writeAtomically(fileOf(key), state, "The state of the " + key);
    }

    /** The user's saved plan, {@code <dataDir>/pods/<user>/plan.json}. */
    Optional<PodPlan> readPlan(String user) {
        Path file = root.resolve(user).resolve(PLAN_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode plan = JSON.readTree(file.toFile());
            return Optional.of(new PodPlan(plan.path("heapMb").asInt(), plan.path("cpus").asInt(),
                    plan.path("maxConcurrency").asInt(), plan.path("queueSize").asInt()));
        } catch (IOException | DomainException e) {
            throw new DomainException("pod.state-unreadable", 500,
                    "The saved pod plan of " + user + " in " + file + " cannot be read: " + e.getMessage(),
                    "Set the plan again with `wfp pods set " + user + "`, or delete that file to use the defaults.", e);
        }
    }

    void writePlan(String user, PodPlan plan) {
        writeAtomically(root.resolve(user).resolve(PLAN_FILE), plan, "The pod plan of " + user);
    }

    /** Replaces the file at once, so a crash leaves the old content or the new, never a mix. */
    private static void writeAtomically(Path file, Object value, String what) {
        try {
            Files.createDirectories(file.getParent());
            restrictToOwner(file.getParent(), "rwx------");
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
            restrictToOwner(temporary, "rw-------");
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new DomainException("pod.state-unwritable", 500,
                    what + " cannot be saved to " + file + ": " + e.getMessage(),
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
