package com.wfp.local.cli;

import com.wfp.local.LocalPlatformOptions;
import com.wfp.local.auth.AdminTokenStore;
import com.wfp.local.tls.CertificateStore;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the running platform is and how to authenticate to it: shared by the client commands. */
final class ConnectionOptions {

    static final String DEFAULT_URL = "https://localhost:" + LocalPlatformOptions.DEFAULT_HTTPS_PORT;

    @Option(names = "--url", description = "The platform's base URL (default: the login profile's, else "
            + DEFAULT_URL + ").")
    URI url;

    @Option(names = "--profile", description = "The login profile to use (see wfp login; default: '"
            + Profiles.DEFAULT + "' when it exists and no --url, --data or --token is given).")
    String profile;

    @Option(names = "--data", description = "The platform's data directory, for its token and certificate "
            + "(default: $" + LocalPlatformOptions.DATA_ENV + " or " + LocalPlatformOptions.DEFAULT_DATA_DIR + ").")
    Path dataDir;

    @Option(names = "--token", description = "A personal access token or the admin token "
            + "(default: the login profile's, else the admin token in the data directory).")
    String token;

    PlatformClient connect() {
        Profiles profiles = Profiles.ofUser(System.getenv());
        if (profile != null) {
            Profiles.Profile named = profiles.load(profile).orElseThrow(() -> new PlatformClient.ApiError(400,
                    "cli.unknown-profile", "There is no login profile '" + profile + "'",
                    "Log in with wfp login URL --profile " + profile + "."));
            return PlatformClient.pinned(url != null ? url : named.url(), token != null ? token : named.token(),
                    named.fingerprint());
        }
        if (url == null && dataDir == null && token == null) {
            java.util.Optional<Profiles.Profile> saved = profiles.load(Profiles.DEFAULT);
            if (saved.isPresent()) {
                return PlatformClient.pinned(saved.get().url(), saved.get().token(), saved.get().fingerprint());
            }
        }
        Path data = dataDir != null ? dataDir : LocalPlatformOptions.defaultDataDir(System.getenv());
        return new PlatformClient(url != null ? url : URI.create(DEFAULT_URL), token != null ? token : readToken(data),
                new CertificateStore(data).pemFile());
    }

    private static String readToken(Path data) {
        Path file = data.resolve(AdminTokenStore.FILE_NAME);
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new PlatformClient.NotRunning("No admin token at " + file.toAbsolutePath()
                    + " (the platform was never started with this data directory)", e);
        }
    }
}
