package com.wfp.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ReportJson;
import com.wfp.local.files.OwnerOnlyFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI's login profiles: each a platform URL, the SHA-256 fingerprint of the certificate it
 * answered with at login (pinned from then on) and a personal access token, kept owner-only in
 * the user's config directory ({@code $WFP_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/wfp}, else
 * {@code ~/.config/wfp}), so every command works from any directory.
 */
final class Profiles {

    /** The profile used when none is named. */
    static final String DEFAULT = "default";

    /** One saved login. */
    record Profile(String name, URI url, String fingerprint, String token) {

        @Override
        public String toString() {
            return "Profile[" + name + ", " + url + "]";
        }
    }

    private final Path dir;

    Profiles(Path dir) {
        this.dir = dir;
    }

    /** The profiles of the user running the CLI. */
    static Profiles ofUser(Map<String, String> environment) {
        String configured = environment.get("WFP_CONFIG_DIR");
        if (configured != null && !configured.isBlank()) {
            return new Profiles(Path.of(configured));
        }
        String xdg = environment.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new Profiles(base.resolve("wfp"));
    }

    Path file(String name) {
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new PlatformClient.ApiError(400, "cli.invalid-profile", "'" + name + "' is not a profile name",
                    "Use 1 to 64 letters, digits, '-' or '_'.");
        }
        return dir.resolve("profiles").resolve(name + ".json");
    }

    Optional<Profile> load(String name) {
        Path file = file(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            OwnerOnlyFiles.restrict(file);
            JsonNode json = ReportJson.mapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
            return Optional.of(new Profile(name, URI.create(json.path("url").asText()),
                    json.path("fingerprint").asText(), json.path("token").asText()));
        } catch (IOException | IllegalArgumentException e) {
            throw new PlatformClient.ApiError(400, "cli.profile-unreadable", "The profile " + file + " cannot be read: "
                    + e.getMessage(), "Log in again with wfp login URL --profile " + name + ".");
        }
    }

    Path save(Profile profile) {
        OwnerOnlyFiles.directory(dir);
        OwnerOnlyFiles.directory(dir.resolve("profiles"));
        var json = ReportJson.mapper().createObjectNode().put("url", profile.url().toString())
                .put("fingerprint", profile.fingerprint()).put("token", profile.token());
        Path file = file(profile.name());
        OwnerOnlyFiles.write(file, (ReportJson.write(json) + "\n").getBytes(StandardCharsets.UTF_8));
        return file;
    }

    boolean delete(String name) {
        try {
            return Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
