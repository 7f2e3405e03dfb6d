package com.wfp.platform.secrets;

import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.secrets.SecretStoreKey;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * Seals project secrets with AES-256-GCM under a key kept outside the store. Each value has its
 * own random nonce, and the project and name are authenticated with it, so a sealed value copied
 * onto another project's or name's row does not open.
 */
public final class SecretSealer {

    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretStoreKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretSealer(SecretStoreKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** {@code v1.<nonce>.<ciphertext>}, both base64. */
    public String seal(String user, String project, String name, String value) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(user, project, name));
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder base64 = Base64.getEncoder();
            return VERSION + "." + base64.encodeToString(nonce) + "." + base64.encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JDK", e);
        }
    }

    /**
     * The value sealed by {@link #seal} for the same project and name.
     *
     * @throws DomainException 503 {@code secrets.unreadable} when another key sealed it, or it
     *                         was altered or moved
     */
    public String open(StoredSecret secret) {
        String[] parts = secret.sealed().split("\\.", -1);
        try {
            if (parts.length != 3 || !parts[0].equals(VERSION)) {
                throw new AEADBadTagException("unknown format");
            }
            Base64.Decoder base64 = Base64.getDecoder();
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, base64.decode(parts[1])));
            cipher.updateAAD(associatedData(secret.user(), secret.project(), secret.name()));
            return new String(cipher.doFinal(base64.decode(parts[2])), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new DomainException("secrets.unreadable", 503, "The secret '" + secret.name() + "' of "
                    + secret.user() + "/" + secret.project() + " cannot be opened with the secret store key from "
                    + key.source(), "Start the platform with the key the secret was set with, or set the secret again"
                    + " (wfp secrets set " + secret.name() + ").", e);
        }
    }

    private static byte[] associatedData(String user, String project, String name) {
        return ("wfp-secret\n" + user + "\n" + project + "\n" + name).getBytes(StandardCharsets.UTF_8);
    }
}
