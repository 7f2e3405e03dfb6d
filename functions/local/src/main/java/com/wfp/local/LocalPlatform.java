package com.wfp.local;

import com.wfp.handlers.http.ControlRoutes;
import com.wfp.handlers.http.ProductionUrls;
import com.wfp.local.auth.AdminToken;
import com.wfp.local.auth.AdminTokenStore;
import com.wfp.local.files.DataDirectoryLock;
import com.wfp.local.files.OwnerOnlyFiles;
import com.wfp.local.gateway.GatewaySettings;
import com.wfp.local.gateway.LocalGateway;
import com.wfp.local.tls.CertificateStore;
import com.wfp.local.tls.TlsMaterial;
import com.wfp.platform.rollout.RolloutState;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The whole platform on one machine: prepares the data directory (admin token, TLS certificate),
 * opens the platform's services (store, pods, publishing) and runs the gateway that serves the
 * control API's handlers and the production URLs. Closing it stops the gateway, then the pods.
 */
public final class LocalPlatform implements AutoCloseable {

    /** The last line printed at start; tools wait for it before they call the platform. */
    public static final String READY_LINE = "wfp: ready";

    /** Where the first start leaves the first owner's personal access token (owner-only). */
    public static final String OWNER_TOKEN_FILE = "owner-token";

    private final Path dataDir;
    private final String bindHost;
    private final AdminToken adminToken;
    private final TlsMaterial tls;
    private final Path certificatePem;
    private final LocalGateway gateway;
    private final PlatformServices services;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Set<String> allowedPrivateHosts;
    private final DataDirectoryLock lock;

    private LocalPlatform(Path dataDir, String bindHost, AdminToken adminToken, TlsMaterial tls, Path certificatePem,
                          LocalGateway gateway, PlatformServices services, Set<String> allowedPrivateHosts,
                          DataDirectoryLock lock) {
        this.lock = lock;
        this.services = services;
        this.allowedPrivateHosts = allowedPrivateHosts;
        this.dataDir = dataDir;
        this.bindHost = bindHost;
        this.adminToken = adminToken;
        this.tls = tls;
        this.certificatePem = certificatePem;
        this.gateway = gateway;
    }

    /**
     * Starts the platform and returns once it serves.
     *
     * @throws com.wfp.local.gateway.PortInUseException when a port is taken
     */
    public static LocalPlatform start(LocalPlatformOptions options) {
        Path dataDir = OwnerOnlyFiles.directory(options.dataDir().toAbsolutePath().normalize());
        DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir);
        PlatformServices services = null;
        LocalGateway gateway;
        AdminToken token;
        TlsMaterial tls;
        CertificateStore certificates;
        AtomicReference<String> baseUrl = new AtomicReference<>("https://localhost");
        try {
            token = new AdminTokenStore(dataDir).loadOrCreate();
            certificates = new CertificateStore(dataDir);
            tls = certificates.loadOrCreate();
            services = PlatformServices.open(dataDir, baseUrl::get, options.allowedPrivateHosts(), token,
                    oidc(System.getenv()));
            services.firstOwnerToken().ifPresent(first -> OwnerOnlyFiles.write(dataDir.resolve(OWNER_TOKEN_FILE),
                    (first.secret() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            gateway = new LocalGateway(new GatewaySettings(options.bindHost(), options.httpsPort(), options.httpPort(),
                    tls, token, GatewaySettings.DEFAULT_MAX_BODY_BYTES), services.wiring()).start();
        } catch (RuntimeException e) {
            try {
                if (services != null) {
                    services.close();
                }
            } finally {
                lock.close();
            }
            throw e;
        }
        LocalPlatform platform = new LocalPlatform(dataDir, options.bindHost(), token, tls, certificates.pemFile(),
                gateway, services, options.allowedPrivateHosts(), lock);
        baseUrl.set(platform.httpsUrl());
        return platform;
    }

    /** Environment variables that name the OIDC issuer whose JWTs the control API and {@code auth: token} triggers accept. */
    public static final String OIDC_ISSUER_ENV = com.wfp.adapters.oidc.JwksIdentityTokenVerifier.ISSUER_ENV;
    public static final String OIDC_AUDIENCE_ENV = com.wfp.adapters.oidc.JwksIdentityTokenVerifier.AUDIENCE_ENV;
    public static final String OIDC_JWKS_URL_ENV = com.wfp.adapters.oidc.JwksIdentityTokenVerifier.JWKS_URL_ENV;
    public static final String OIDC_PERSON_CLAIM_ENV = com.wfp.adapters.oidc.JwksIdentityTokenVerifier.PERSON_CLAIM_ENV;

    /**
     * The OIDC verifier the environment configures, or null when it names no issuer.
     *
     * @throws IllegalArgumentException when an issuer is named without its audience or key set
     */
    static com.wfp.platform.port.IdentityTokenVerifier oidc(java.util.Map<String, String> environment) {
        return com.wfp.adapters.oidc.JwksIdentityTokenVerifier.fromEnvironment(environment::get);
    }

    /** What a user needs to reach the platform, ending with {@link #READY_LINE}. */
    public void printBanner(PrintStream out) {
        out.println("wfp: data directory  " + dataDir);
        out.println("wfp: https           " + httpsUrl());
        out.println("wfp: http            " + (gateway.httpPort() < 0
                ? "off"
                : "http://" + urlHost() + ":" + gateway.httpPort() + " (redirects to https)"));
        out.println("wfp: control API     " + httpsUrl() + ControlRoutes.API_PREFIX);
        out.println("wfp: production URLs " + httpsUrl() + ProductionUrls.DATA_PREFIX + "{user}/{project}/{workflow}");
        out.println("wfp: pods            " + services.restored().restored().size() + " restored"
                + (services.restored().failures().isEmpty() ? "" : ", failed: " + services.restored().failures())
                + (services.interruptedDeployments() == 0 ? ""
                : "; " + services.interruptedDeployments() + " interrupted deployment(s) marked failed"));
        List<RolloutState> rollouts = services.resumedRollouts();
        if (!rollouts.isEmpty()) {
            long resumed = rollouts.stream().filter(r -> r.status().active()).count();
            out.println("wfp: rollouts        " + resumed + " resumed"
                    + (resumed == rollouts.size() ? "" : ", " + (rollouts.size() - resumed) + " ended on resume")
                    + ": " + rollouts.stream().map(r -> r.ref() + " " + r.status() + " at " + r.stepText())
                    .collect(Collectors.joining("; ")));
        }
        if (!allowedPrivateHosts.isEmpty()) {
            out.println("wfp: private hosts   " + String.join(", ", allowedPrivateHosts)
                    + " reachable by http.request (local development only)");
        }
        out.println("wfp: certificate     " + tls.keystore() + " (self-signed, " + (tls.created() ? "new" : "reused")
                + "; SHA-256 " + fingerprint() + ")");
        out.println("wfp: trust it with   curl --cacert " + certificatePem + " " + httpsUrl() + ControlRoutes.API_PREFIX
                + "/health");
        // Only a prefix: the whole token would end up in terminal scrollback and CI logs.
        out.println("wfp: admin token     " + adminToken.value().substring(0, 4) + "... (the CLI reads it from the data directory)");
        out.println("wfp: token stored in " + adminToken.file());
        Path ownerToken = dataDir.resolve(OWNER_TOKEN_FILE);
        if (services.firstOwnerToken().isPresent()) {
            out.println("wfp: first start     created the person '" + PlatformServices.FIRST_OWNER + "', owner of project "
                    + PlatformServices.FIRST_OWNER + "/default; their token is in " + ownerToken + " (owner-only)");
        }
        String issuer = System.getenv(OIDC_ISSUER_ENV);
        if (issuer != null && !issuer.isBlank()) {
            out.println("wfp: OIDC issuer     " + issuer.strip() + " (its JWTs are accepted as people on the control API)");
        }
        out.println("wfp: log in with     wfp login " + httpsUrl() + (java.nio.file.Files.isRegularFile(ownerToken)
                ? " --token-file " + ownerToken : " (with a personal access token: wfp tokens create)"));
        out.println(READY_LINE);
        out.flush();
    }

    public String httpsUrl() {
        int port = gateway.httpsPort();
        return "https://" + urlHost() + (port == 443 ? "" : ":" + port);
    }

    private String urlHost() {
        return switch (bindHost) {
            case "127.0.0.1", "::1", "localhost", "0.0.0.0", "::" -> "localhost";
            default -> bindHost.indexOf(':') >= 0 ? "[" + bindHost + "]" : bindHost;
        };
    }

    private String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(tls.certificate().getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("Cannot fingerprint the certificate", e);
        }
    }

    public int httpsPort() {
        return gateway.httpsPort();
    }

    public int httpPort() {
        return gateway.httpPort();
    }

    public AdminToken adminToken() {
        return adminToken;
    }

    public TlsMaterial tls() {
        return tls;
    }

    /** The services behind the gateway, for benchmarks that need to reach a pod the way the gateway does. */
    PlatformServices services() {
        return services;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Blocks until {@link #close()} has run. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            try {
                services.close();
            } finally {
                lock.close();
                stopped.countDown();
            }
        }
    }
}
