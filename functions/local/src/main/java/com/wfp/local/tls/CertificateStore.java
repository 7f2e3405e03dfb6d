package com.wfp.local.tls;

import com.wfp.local.files.OwnerOnlyFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The gateway's certificate in the data directory: {@code tls/localhost.p12} (PKCS12) and its
 * password in {@code tls/keystore-password} (0600). Generated on first start and reused after,
 * so a client that trusted it once keeps trusting it; regenerated when it is about to expire
 * or cannot be read.
 */
public final class CertificateStore {

    public static final String ALIAS = "wfp-localhost";
    public static final String KEYSTORE_FILE = "localhost.p12";
    public static final String PASSWORD_FILE = "keystore-password";
    /** The certificate alone, in PEM, for clients to trust (curl --cacert); public, so not 0600. */
    public static final String PEM_FILE = "localhost.pem";
    /** A certificate this close to its end is replaced at start rather than left to fail mid-session. */
    static final Duration RENEW_BEFORE = Duration.ofDays(7);

    private final Path keystore;
    private final Path passwordFile;
    private final Path pemFile;
    private final Clock clock;

    public CertificateStore(Path dataDir) {
        this(dataDir, Clock.systemUTC());
    }

    CertificateStore(Path dataDir, Clock clock) {
        Path dir = dataDir.resolve("tls");
        this.keystore = dir.resolve(KEYSTORE_FILE);
        this.passwordFile = dir.resolve(PASSWORD_FILE);
        this.pemFile = dir.resolve(PEM_FILE);
        this.clock = clock;
    }

    public Path keystore() {
        return keystore;
    }

    public Path pemFile() {
        return pemFile;
    }

    public TlsMaterial loadOrCreate() {
        TlsMaterial material = null;
        if (Files.isRegularFile(keystore) && Files.isRegularFile(passwordFile)) {
            TlsMaterial existing = load();
            if (existing != null && stillValid(existing.certificate())) {
                material = existing;
            }
        }
        if (material == null) {
            material = create();
        }
        writePem(material.certificate());
        return material;
    }

    private void writePem(X509Certificate certificate) {
        try {
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            if (!Files.isRegularFile(pemFile) || !Files.readString(pemFile, StandardCharsets.US_ASCII).equals(pem)) {
                Files.writeString(pemFile, pem, StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + pemFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encode the certificate", e);
        }
    }

    /** Reads the stored certificate, or null when the files do not open as a keystore with our key. */
    private TlsMaterial load() {
        try {
            String password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, password.toCharArray());
            }
            Certificate certificate = store.getCertificate(ALIAS);
            if (!(certificate instanceof X509Certificate x509) || !store.isKeyEntry(ALIAS)) {
                return null;
            }
            return new TlsMaterial(keystore, password, ALIAS, x509, false);
        } catch (IOException | GeneralSecurityException e) {
            return null;
        }
    }

    private boolean stillValid(X509Certificate certificate) {
        Instant now = clock.instant();
        return !now.isBefore(certificate.getNotBefore().toInstant())
                && now.plus(RENEW_BEFORE).isBefore(certificate.getNotAfter().toInstant());
    }

    private TlsMaterial create() {
        SelfSignedCertificate generated = SelfSignedCertificate.generate(clock.instant());
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, generated.privateKey(), password.toCharArray(),
                    new Certificate[]{generated.certificate()});
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            store.store(bytes, password.toCharArray());
            // Password first: a keystore without its password would be unreadable and regenerated anyway.
            OwnerOnlyFiles.write(passwordFile, (password + "\n").getBytes(StandardCharsets.UTF_8));
            OwnerOnlyFiles.write(keystore, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the keystore " + keystore, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build the PKCS12 keystore", e);
        }
        return new TlsMaterial(keystore, password, ALIAS, generated.certificate(), true);
    }
}
