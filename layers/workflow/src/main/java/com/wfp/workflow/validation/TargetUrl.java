package com.wfp.workflow.validation;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The parts of an {@code http.request} URL that validation cares about, read from the URL
 * template with every {@code {{ }}} expression replaced by {@link #PLACEHOLDER}. A part that
 * contains the placeholder is only known at run time ("dynamic").
 *
 * <p>The authority is split by hand rather than with {@link java.net.URI}: the numeric host
 * spellings that matter for SSRF checks ({@code 0x7f.1}, {@code 2130706433}) must reach the
 * address classifier verbatim, and a parse failure must say which part is wrong.
 *
 * @param scheme      lower-case scheme, or null when the URL has none
 * @param userInfo    the {@code user:password} part before {@code @}, or null
 * @param host        lower-case host as written (brackets kept for IPv6), or null
 * @param port        explicit port, the scheme's default, or -1 when unknown
 * @param dynamic     whether scheme or host come from an expression
 * @param problem     why the URL is malformed, or null when it is well formed
 */
record TargetUrl(String scheme, String userInfo, String host, int port, boolean dynamic, String problem) {

    /** Stands in for an expression; a private-use character cannot come from a valid literal host. */
    static final String PLACEHOLDER = "\uE000";

    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=-]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    static TargetUrl parse(String url) {
        int sep = url.indexOf("://");
        if (sep < 0) {
            if (url.startsWith(PLACEHOLDER)) {
                return new TargetUrl(null, null, null, -1, true, null);
            }
            return malformed("it has no scheme; start it with https://");
        }
        String scheme = url.substring(0, sep);
        if (scheme.contains(PLACEHOLDER)) {
            return new TargetUrl(null, null, null, -1, true, null);
        }
        if (!SCHEME.matcher(scheme).matches()) {
            return malformed("the scheme '" + scheme + "' is not a valid URL scheme");
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return new TargetUrl(scheme, null, null, -1, false, null); // reported as the wrong scheme
        }
        String rest = url.substring(sep + 3);
        int end = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        String authority = rest.substring(0, end);
        int at = authority.lastIndexOf('@');
        String userInfo = at >= 0 ? authority.substring(0, at) : null;
        String hostPort = authority.substring(at + 1);
        String host;
        String portText = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return malformed("the IPv6 host is missing its closing ']'");
            }
            host = hostPort.substring(0, close + 1);
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    return malformed("unexpected text '" + after + "' after the IPv6 host");
                }
                portText = after.substring(1);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
            portText = colon >= 0 ? hostPort.substring(colon + 1) : null;
        }
        if (host.isEmpty()) {
            return malformed("it has no host");
        }
        boolean dynamicHost = host.contains(PLACEHOLDER);
        if (!dynamicHost && !host.startsWith("[") && !HOST.matcher(host).matches()) {
            return malformed("the host '" + host + "' contains characters a host name cannot have");
        }
        int port = defaultPort(scheme);
        if (portText != null && !portText.contains(PLACEHOLDER)) {
            if (!PORT.matcher(portText).matches() || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
                return malformed("the port '" + portText + "' is not a number from 1 to 65535");
            }
            port = Integer.parseInt(portText);
        } else if (portText != null) {
            port = -1;
        }
        return new TargetUrl(scheme, userInfo, host.toLowerCase(Locale.ROOT), port, dynamicHost, null);
    }

    private static TargetUrl malformed(String why) {
        return new TargetUrl(null, null, null, -1, false, why);
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "https" -> 443;
            case "http" -> 80;
            default -> -1;
        };
    }

    boolean wellFormed() {
        return problem == null;
    }

    /** The host without IPv6 brackets and without a trailing dot, as the address classifier wants it. */
    String bareHost() {
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    /** The URL as written, with placeholders shown as {@code {{…}}} again, for messages. */
    static String display(String withPlaceholders) {
        return withPlaceholders.replace(PLACEHOLDER, "{{…}}");
    }
}
