package com.wfp.local.auth;

import com.wfp.local.files.OwnerOnlyFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/** Keeps the admin token in a 0600 file in the data directory: generated on first start, reused after. */
public final class AdminTokenStore {

    public static final String FILE_NAME = "admin-token";
    private static final int TOKEN_BYTES = 32;

    private final Path file;
    private final SecureRandom random;

    public AdminTokenStore(Path dataDir) {
        this(dataDir, new SecureRandom());
    }

    AdminTokenStore(Path dataDir, SecureRandom random) {
        this.file = dataDir.resolve(FILE_NAME);
        this.random = random;
    }

    public AdminToken loadOrCreate() {
        try {
            if (Files.isRegularFile(file)) {
                OwnerOnlyFiles.restrict(file);
                String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!stored.isEmpty()) {
                    return new AdminToken(stored, file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the admin token from " + file, e);
        }
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        OwnerOnlyFiles.write(file, (token + "\n").getBytes(StandardCharsets.UTF_8));
        return new AdminToken(token, file);
    }
}
