package com.wfp.platform.secrets;

import java.util.Collection;
import java.util.Comparator;

/**
 * Masks secret values in text the platform keeps or shows, such as a pod's answer to a dry run:
 * each value as it is and as it reads inside a JSON string, longest first so that a secret
 * holding another is masked whole.
 */
public final class SecretRedaction {

    /** What a masked value reads as. */
    public static final String MASK = "***";

    private SecretRedaction() {
    }

    /** {@code text} with every one of {@code secrets} replaced by {@link #MASK}. */
    public static String redact(String text, Collection<String> secrets) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets.stream().filter(s -> s != null && !s.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            result = result.replace(secret, MASK);
            String escaped = jsonEscaped(secret);
            if (!escaped.equals(secret)) {
                result = result.replace(escaped, MASK);
            }
        }
        return result;
    }

    private static String jsonEscaped(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
