package com.wfp.pod;

/**
 * Builds one JSON object as text, field by field. The log writer formats every execution line with it:
 * appending to one reused builder is several times cheaper than a JSON generator per line.
 */
final class JsonLine {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder text = new StringBuilder(1024);
    private boolean first;

    /** Starts a new line, forgetting the previous one. */
    JsonLine begin() {
        text.setLength(0);
        text.append('{');
        first = true;
        return this;
    }

    /** Appends pre-formatted JSON members (without braces), such as a constant metrics header. */
    JsonLine raw(String members) {
        separator();
        text.append(members);
        return this;
    }

    JsonLine field(String name, String value) {
        name(name);
        string(value);
        return this;
    }

    JsonLine field(String name, long value) {
        name(name);
        text.append(value);
        return this;
    }

    JsonLine field(String name, double value) {
        name(name);
        if (Double.isFinite(value)) {
            text.append(value);
        } else {
            text.append("null");
        }
        return this;
    }

    JsonLine field(String name, boolean value) {
        name(name);
        text.append(value);
        return this;
    }

    /** Opens a nested object as the value of {@code name}. */
    JsonLine object(String name) {
        name(name);
        text.append('{');
        first = true;
        return this;
    }

    /** Opens a nested array as the value of {@code name}. */
    JsonLine array(String name) {
        name(name);
        text.append('[');
        first = true;
        return this;
    }

    /** Opens an object as the next element of an array. */
    JsonLine element() {
        separator();
        text.append('{');
        first = true;
        return this;
    }

    JsonLine stringElement(String value) {
        separator();
        string(value);
        return this;
    }

    JsonLine longElement(long value) {
        separator();
        text.append(value);
        return this;
    }

    JsonLine endObject() {
        text.append('}');
        first = false;
        return this;
    }

    JsonLine endArray() {
        text.append(']');
        first = false;
        return this;
    }

    /** Closes the top-level object and returns the line. */
    String end() {
        text.append('}');
        return text.toString();
    }

    private void name(String name) {
        separator();
        string(name);
        text.append(':');
    }

    private void separator() {
        if (first) {
            first = false;
        } else {
            text.append(',');
        }
    }

    private void string(String value) {
        if (value == null) {
            text.append("null");
            return;
        }
        text.append('"');
        int escape = firstToEscape(value);
        if (escape < 0) {
            // The common case, whole: appending a String copies its bytes at once, where a range of it goes through
            // the general CharSequence path.
            text.append(value).append('"');
            return;
        }
        // Plain stretches are copied whole: appending a line's strings a character at a time was a twentieth of
        // the pod's CPU under load.
        int plainFrom = 0;
        for (int i = escape; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!needsEscape(c)) {
                continue;
            }
            text.append(value, plainFrom, i);
            plainFrom = i + 1;
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> text.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
        }
        text.append(value, plainFrom, value.length());
        text.append('"');
    }

    /** The index of the first character that must be escaped, or -1. */
    private static int firstToEscape(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (needsEscape(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == '"' || c == '\\' || c == '\u2028' || c == '\u2029';
    }
}
