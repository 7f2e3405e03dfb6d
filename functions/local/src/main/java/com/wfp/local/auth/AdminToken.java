package com.wfp.local.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * The local control API's admin bearer token and the file it is kept in.
 *
 * @param value the token, 32 random bytes as unpadded base64url
 * @param file  where it is stored (mode 0600)
 */
public record AdminToken(String value, Path file) {

    /** Whether an {@code Authorization} header value presents this token; compares in constant time. */
    public boolean acceptsAuthorization(String authorization) {
        if (authorization == null) {
            return false;
        }
        String header = authorization.strip();
        if (header.length() < 7 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return false;
        }
        byte[] presented = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AdminToken[file=" + file + "]";
    }
}
