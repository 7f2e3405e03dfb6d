package com.wfp.local.cli;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * Trust by certificate fingerprint, as a login pins it: the server must answer with the very
 * certificate whose SHA-256 was recorded, whatever signed it (the local platform's certificate
 * is self-signed). The same colon-separated upper-case hex as {@code wfp start} prints.
 */
final class CertificatePin {

    private CertificatePin() {
    }

    /** The SHA-256 fingerprint of a certificate, {@code AB:CD:...}. */
    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot fingerprint a certificate", e);
        }
    }

    /** A TLS context that accepts only the certificate with this fingerprint. */
    static SSLContext context(String fingerprint) {
        return context(new Pinned(fingerprint));
    }

    /**
     * The certificate the server at {@code url} answers with, read without trusting it (to show
     * its fingerprint and pin it at login).
     */
    static X509Certificate presented(URI url) throws IOException {
        Pinned any = new Pinned(null);
        int port = url.getPort() < 0 ? 443 : url.getPort();
        try (SSLSocket socket = (SSLSocket) context(any).getSocketFactory().createSocket(url.getHost(), port)) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static SSLContext context(X509ExtendedTrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[]{trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS", e);
        }
    }

    /** Accepts the pinned certificate only; with no pin, any (to read what the server presents). */
    private static final class Pinned extends X509ExtendedTrustManager {
        private final String fingerprint;

        Pinned(String fingerprint) {
            this.fingerprint = fingerprint;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (fingerprint == null) {
                return;
            }
            if (chain == null || chain.length == 0 || !fingerprint.equalsIgnoreCase(fingerprint(chain[0]))) {
                throw new CertificateException("The platform answered with a certificate other than the one pinned at "
                        + "login (SHA-256 " + (chain == null || chain.length == 0 ? "none" : fingerprint(chain[0]))
                        + "); log in again if the platform's certificate changed on purpose");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("The CLI authenticates no clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("The CLI authenticates no clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("The CLI authenticates no clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
