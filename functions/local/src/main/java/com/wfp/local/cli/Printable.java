package com.wfp.local.cli;

/**
 * Free text from the platform (a rollback's why, an audit record's parameters) as the terminal
 * may show it: control characters are escaped, so stored text cannot forge rows, move the cursor
 * or recolour the screen.
 */
final class Printable {

    private Printable() {
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                safe.append("\\n");
            } else if (c == '\r') {
                safe.append("\\r");
            } else if (c == '\t') {
                safe.append("\\t");
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029
                    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
                safe.append(String.format("\\u%04x", c));
            } else {
                safe.appendCodePoint(c);
            }
        });
        return safe.toString();
    }
}
