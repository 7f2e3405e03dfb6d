package com.wfp.local.tls;

import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * The gateway's server certificate as stored: a PKCS12 keystore and the password that opens it.
 *
 * @param keystore    the PKCS12 file
 * @param password    the keystore (and key) password, read from the 0600 file beside it
 * @param alias       the key entry's alias
 * @param certificate the self-signed certificate, which clients trust directly
 * @param created     true when this start generated it
 */
public record TlsMaterial(Path keystore, String password, String alias, X509Certificate certificate, boolean created) {

    @Override
    public String toString() {
        return "TlsMaterial[keystore=" + keystore + ", subject=" + certificate.getSubjectX500Principal() + "]";
    }
}
