package com.wfp.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * How to start the local platform.
 *
 * @param dataDir   where tokens, the certificate and (later) the store live
 * @param httpsPort HTTPS port, 0 for a free one
 * @param httpPort  redirect-only HTTP port, 0 for a free one, -1 for none
 * @param bindHost  the address to listen on
 * @param allowedPrivateHosts host names the pods' {@code http.request} may reach on loopback or
 *                  private addresses; for local development only, empty otherwise
 */
public record LocalPlatformOptions(Path dataDir, int httpsPort, int httpPort, String bindHost,
                                   Set<String> allowedPrivateHosts) {

    public LocalPlatformOptions {
        allowedPrivateHosts = Set.copyOf(allowedPrivateHosts);
    }

    /** Options whose pods reach public hosts only. */
    public LocalPlatformOptions(Path dataDir, int httpsPort, int httpPort, String bindHost) {
        this(dataDir, httpsPort, httpPort, bindHost, Set.of());
    }

    public static final String DATA_ENV = "WFP_DATA";
    public static final String DEFAULT_DATA_DIR = ".wfp-data";
    public static final int DEFAULT_HTTPS_PORT = 8443;
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final String DEFAULT_BIND_HOST = "127.0.0.1";

    /** {@code $WFP_DATA} when set, else {@code .wfp-data} in the current directory. */
    public static Path defaultDataDir(Map<String, String> environment) {
        String fromEnv = environment.get(DATA_ENV);
        return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_DATA_DIR);
    }

    public static LocalPlatformOptions defaults() {
        return new LocalPlatformOptions(defaultDataDir(System.getenv()), DEFAULT_HTTPS_PORT, DEFAULT_HTTP_PORT,
                DEFAULT_BIND_HOST);
    }
}
