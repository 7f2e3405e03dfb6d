package com.wfp.local.tls;

import com.wfp.local.files.OwnerOnlyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CertificateStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void loadOrCreate_onFirstStart_generatesAOneYearP256CertificateForLocalNames() throws Exception {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");

        TlsMaterial tls = new CertificateStore(dataDir, Clock.fixed(now, ZoneOffset.UTC)).loadOrCreate();

        X509Certificate certificate = tls.certificate();
        assertThat(tls.created()).isTrue();
        assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(certificate.getSubjectAlternativeNames())
                .extracting(name -> (Object) name.get(1))
                .containsExactlyInAnyOrder((Object) "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(Duration.between(now, certificate.getNotAfter().toInstant())).isEqualTo(Duration.ofDays(365));
        assertThat(certificate.getNotBefore().toInstant()).isBefore(now);
        assertThat(certificate.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        certificate.verify(certificate.getPublicKey());
    }

    @Test
    void loadOrCreate_onFirstStart_keepsKeystoreAndPasswordOwnerOnly() {
        TlsMaterial tls = new CertificateStore(dataDir).loadOrCreate();

        Path passwordFile = dataDir.resolve("tls").resolve(CertificateStore.PASSWORD_FILE);
        assertThat(tls.keystore()).isEqualTo(dataDir.resolve("tls").resolve(CertificateStore.KEYSTORE_FILE));
        assertThat(OwnerOnlyFiles.permissions(tls.keystore())).isEqualTo("rw-------");
        assertThat(OwnerOnlyFiles.permissions(passwordFile)).isEqualTo("rw-------");
        assertThat(OwnerOnlyFiles.permissions(dataDir.resolve("tls"))).isEqualTo("rwx------");
        assertThat(dataDir.resolve("tls").resolve(CertificateStore.PEM_FILE)).content().startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void loadOrCreate_onLaterStarts_reusesTheSameCertificate() throws Exception {
        TlsMaterial first = new CertificateStore(dataDir).loadOrCreate();
        byte[] stored = Files.readAllBytes(first.keystore());

        TlsMaterial second = new CertificateStore(dataDir).loadOrCreate();

        assertThat(second.created()).isFalse();
        assertThat(second.certificate()).isEqualTo(first.certificate());
        assertThat(second.password()).isEqualTo(first.password());
        assertThat(Files.readAllBytes(second.keystore())).isEqualTo(stored);
    }

    @Test
    void loadOrCreate_whenStoredCertificateNearsExpiry_generatesANewOne() {
        Instant issued = Instant.parse("2025-01-01T00:00:00Z");
        TlsMaterial old = new CertificateStore(dataDir, Clock.fixed(issued, ZoneOffset.UTC)).loadOrCreate();
        Instant almostOver = issued.plus(Duration.ofDays(360));

        TlsMaterial renewed = new CertificateStore(dataDir, Clock.fixed(almostOver, ZoneOffset.UTC)).loadOrCreate();

        assertThat(renewed.created()).isTrue();
        assertThat(renewed.certificate()).isNotEqualTo(old.certificate());
        assertThat(renewed.certificate().getNotAfter().toInstant()).isAfter(almostOver.plus(Duration.ofDays(300)));
    }

    @Test
    void loadOrCreate_whenKeystoreIsCorrupt_replacesIt() throws Exception {
        TlsMaterial original = new CertificateStore(dataDir).loadOrCreate();
        Files.write(original.keystore(), List.of("not a keystore"));

        TlsMaterial replaced = new CertificateStore(dataDir).loadOrCreate();

        assertThat(replaced.created()).isTrue();
        assertThat(new CertificateStore(dataDir).loadOrCreate().certificate()).isEqualTo(replaced.certificate());
    }
}
