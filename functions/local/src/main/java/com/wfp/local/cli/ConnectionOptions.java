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

    @Option(names = "--url", defaultValue = "https://localhost:" + LocalPlatformOptions.DEFAULT_HTTPS_PORT,
            description = "The platform's base URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--data", description = "The platform's data directory, for its token and certificate "
            + "(default: $" + LocalPlatformOptions.DATA_ENV + " or " + LocalPlatformOptions.DEFAULT_DATA_DIR + ").")
    Path dataDir;

    @Option(names = "--token", description = "The admin token (default: read from the data directory).")
    String token;

    PlatformClient connect() {
        Path data = dataDir != null ? dataDir : LocalPlatformOptions.defaultDataDir(System.getenv());
        return new PlatformClient(url, token != null ? token : readToken(data), new CertificateStore(data).pemFile());
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
