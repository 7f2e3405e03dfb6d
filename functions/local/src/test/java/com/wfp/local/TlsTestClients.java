package com.wfp.local;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * HTTPS clients for tests that trust exactly the gateway's self-signed certificate. Loading this
 * class lifts the JDK's own ban on TLS 1.0/1.1 in the test JVM, so that an old-protocol
 * handshake really reaches the gateway and it is the gateway that refuses it.
 */
public final class TlsTestClients {

    static {
        String disabled = Security.getProperty("jdk.tls.disabledAlgorithms");
        if (disabled != null) {
            Security.setProperty("jdk.tls.disabledAlgorithms", Arrays.stream(disabled.split(","))
                    .map(String::strip)
                    .filter(entry -> !entry.equals("TLSv1") && !entry.equals("TLSv1.1"))
                    .collect(Collectors.joining(", ")));
        }
    }

    private TlsTestClients() {
    }

    /**
     * Call before anything in the JVM uses TLS: the static initializer above must run before the
     * JDK reads its disabled-algorithm list.
     */
    public static void allowLegacyProtocolsInThisJvm() {
        // The work happens in the class initializer; calling this makes sure it has run.
    }

    /** Trusts the certificate in the data directory's keystore, read with the password stored beside it. */
    public static SSLContext trustingDataDir(Path dataDir) {
        try {
            Path tls = dataDir.resolve("tls");
            char[] password = Files.readString(tls.resolve("keystore-password"), StandardCharsets.UTF_8).strip().toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(tls.resolve("localhost.p12"))) {
                keys.load(in, password);
            }
            Certificate certificate = keys.getCertificate("wfp-localhost");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("wfp-localhost", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP client that trusts the gateway and does not follow redirects (tests look at them). */
    public static HttpClient client(SSLContext trust) {
        return HttpClient.newBuilder()
                .sslContext(trust)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Tries a handshake limited to the given protocols and suites; returns null when it succeeds,
     * or the failure's message.
     */
    public static String handshake(SSLContext trust, String host, int port, String[] protocols, String[] suites) {
        try (SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket(host, port)) {
            socket.setSoTimeout(5_000);
            socket.setEnabledProtocols(protocols);
            if (suites != null) {
                socket.setEnabledCipherSuites(suites);
            }
            socket.startHandshake();
            return null;
        } catch (SSLException e) {
            return String.valueOf(e.getMessage());
        } catch (IOException e) {
            return "connection failed: " + e;
        }
    }
}
