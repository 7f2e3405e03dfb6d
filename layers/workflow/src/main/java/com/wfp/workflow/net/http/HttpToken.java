package com.wfp.workflow.net.http;

/**
 * The token of HTTP (RFC 9110, section 5.6.2): what a method and a header field's name are made of, visible
 * ASCII less the delimiters. The one check of it, used wherever a name is taken from a workflow or a caller or
 * put on the wire: by the validator and the compiler for an HTTP node's headers, by the outbound client, by
 * stickiness on a header, and at both ends of the platform's call to a pod.
 */
public final class HttpToken {

    /** The characters of a token besides ASCII letters and digits. */
    private static final String SYMBOLS = "!#$%&'*+-.^_`|~";
    /** Bit {@code c} set for each token character {@code c} below 128. */
    private static final long LOW;
    private static final long HIGH;

    static {
        long low = 0;
        long high = 0;
        for (char c = 0; c < 128; c++) {
            boolean token = c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || SYMBOLS.indexOf(c) >= 0;
            if (token && c < 64) {
                low |= 1L << c;
            } else if (token) {
                high |= 1L << (c - 64);
            }
        }
        LOW = low;
        HIGH = high;
    }

    private HttpToken() {
    }

    /** Whether {@code text} is a token: at least one character, each a token character. */
    public static boolean matches(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!isTokenChar(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code c} may appear in a token. */
    public static boolean isTokenChar(char c) {
        return c < 64 ? (LOW >>> c & 1) != 0 : c < 128 && (HIGH >>> (c - 64) & 1) != 0;
    }
}
