package com.wfp.local.gateway;

import com.wfp.local.tls.TlsMaterial;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.util.List;

/**
 * The gateway's TLS settings: TLS 1.3 and 1.2 only, and for 1.2 only forward-secret AEAD
 * suites (ECDHE with AES-GCM or ChaCha20-Poly1305), the set current browser and curl builds
 * prefer anyway.
 */
public final class TlsPolicy {

    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsPolicy() {
    }

    public static SslContextFactory.Server serverContext(TlsMaterial tls) {
        SslContextFactory.Server context = new SslContextFactory.Server();
        context.setKeyStorePath(tls.keystore().toAbsolutePath().toString());
        context.setKeyStoreType("PKCS12");
        context.setKeyStorePassword(tls.password());
        context.setKeyManagerPassword(tls.password());
        context.setCertAlias(tls.alias());
        context.setIncludeProtocols(PROTOCOLS.toArray(String[]::new));
        context.setIncludeCipherSuites(CIPHER_SUITES.toArray(String[]::new));
        // Jetty's own exclusions (SSL, TLS 1.0/1.1, weak suites) stay on top of the include lists.
        context.setRenegotiationAllowed(false);
        context.setUseCipherSuitesOrder(true);
        return context;
    }
}
