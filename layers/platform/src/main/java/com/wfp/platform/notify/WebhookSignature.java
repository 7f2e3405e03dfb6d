package com.wfp.platform.notify;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The signature every webhook carries in {@value #HEADER}: {@code t=<unix seconds>,v1=<hex>}, where
 * the hex is the HMAC-SHA256, keyed with the channel's secret, of the seconds, a dot and the raw
 * body. A receiver recomputes it, compares in constant time and refuses old timestamps, so a
 * captured delivery cannot be replayed later. The headers carry no {@code X-} prefix (RFC 6648), which
 * also keeps them apart from the pod protocol's {@code X-Wfp-} headers.
 */
public final class WebhookSignature {

    public static final String HEADER = "Wfp-Signature";
    public static final String EVENT_HEADER = "Wfp-Event";
    public static final String DELIVERY_HEADER = "Wfp-Delivery";

    private WebhookSignature() {
    }

    /** The header value for {@code body} sent at {@code unixSeconds}. */
    public static String sign(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(hmac(secret, unixSeconds, body));
    }

    /**
     * Whether {@code header} is a valid signature of {@code body} made no more than
     * {@code toleranceSeconds} away from {@code nowUnixSeconds}.
     */
    public static boolean verify(String secret, String header, byte[] body, long nowUnixSeconds, long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        long t = -1;
        byte[] given = null;
        for (String part : header.split(",")) {
            String p = part.strip();
            try {
                if (p.startsWith("t=")) {
                    t = Long.parseLong(p.substring(2));
                } else if (p.startsWith("v1=")) {
                    given = HexFormat.of().parseHex(p.substring(3));
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (t < 0 || given == null || Math.abs(nowUnixSeconds - t) > toleranceSeconds) {
            return false;
        }
        return MessageDigest.isEqual(hmac(secret, t, body), given);
    }

    private static byte[] hmac(String secret, long unixSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JDK has HmacSHA256", e);
        }
    }
}
