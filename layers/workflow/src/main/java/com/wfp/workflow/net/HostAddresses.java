package com.wfp.workflow.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Classifies IP addresses and decodes host literals in every spelling an attacker may use to
 * dodge a naive string check: dotted decimal, a single decimal number ({@code 2130706433}),
 * octal ({@code 0177.0.0.1}), hex ({@code 0x7f000001}, {@code 0x7f.0.0.1}), short forms
 * ({@code 127.1}), bracketed IPv6 and IPv4-mapped or -compatible IPv6 ({@code ::ffff:127.0.0.1}).
 * Decoding never performs a DNS lookup.
 */
public final class HostAddresses {

    private static final byte[] AWS_METADATA_V6 = parseV6Unchecked("fd00:ec2::254");

    private HostAddresses() {
    }

    /**
     * Decodes a host that is an IP literal in any accepted spelling. Returns empty for names
     * that need DNS (such as {@code api.example.com}).
     */
    public static Optional<InetAddress> parseLiteral(String host) {
        if (host == null || host.isEmpty()) {
            return Optional.empty();
        }
        String h = host.trim();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.indexOf(':') >= 0) {
            return parseV6(h);
        }
        return parseV4(h).map(HostAddresses::v4);
    }

    /** Classifies an address; IPv4-mapped and IPv4-compatible IPv6 addresses are classified as their IPv4 part. */
    public static AddressClass classify(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            byte[] embedded = embeddedV4(b);
            if (embedded != null) {
                return classifyV4(embedded);
            }
            return classifyV6(b);
        }
        return classifyV4(address.getAddress());
    }

    /** Classifies a host name that is an IP literal, or empty when it is a DNS name (or {@code localhost}). */
    public static Optional<AddressClass> classifyLiteral(String host) {
        if (isLocalName(host)) {
            return Optional.of(AddressClass.LOOPBACK);
        }
        if (isMetadataName(host)) {
            return Optional.of(AddressClass.METADATA);
        }
        return parseLiteral(host).map(HostAddresses::classify);
    }

    /** {@code localhost} and any name under {@code .localhost} always mean this machine. */
    public static boolean isLocalName(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("localhost.localdomain");
    }

    /** Host names of cloud metadata services. */
    public static boolean isMetadataName(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("metadata.google.internal") || h.equals("metadata") || h.equals("instance-data")
                || h.equals("instance-data.ec2.internal");
    }

    private static AddressClass classifyV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        int a3 = b[3] & 0xff;
        if (a0 == 169 && a1 == 254 && a2 == 169 && a3 == 254) {
            return AddressClass.METADATA;
        }
        if (a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200) {
            return AddressClass.METADATA; // Alibaba Cloud metadata
        }
        if (a0 == 0) {
            return a1 == 0 && a2 == 0 && a3 == 0 ? AddressClass.UNSPECIFIED : AddressClass.RESERVED;
        }
        if (a0 == 127) {
            return AddressClass.LOOPBACK;
        }
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)
                || (a0 == 100 && a1 >= 64 && a1 <= 127)) {
            return AddressClass.PRIVATE;
        }
        if (a0 == 169 && a1 == 254) {
            return AddressClass.LINK_LOCAL;
        }
        if (a0 >= 224 && a0 <= 239) {
            return AddressClass.MULTICAST;
        }
        if (a0 >= 240 || (a0 == 192 && a1 == 0 && a2 == 0) || (a0 == 198 && (a1 == 18 || a1 == 19))
                || (a0 == 192 && a1 == 0 && a2 == 2) || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return AddressClass.RESERVED;
        }
        return AddressClass.PUBLIC;
    }

    private static AddressClass classifyV6(byte[] b) {
        if (java.util.Arrays.equals(b, AWS_METADATA_V6)) {
            return AddressClass.METADATA;
        }
        boolean allZeroButLast = true;
        for (int i = 0; i < 15; i++) {
            if (b[i] != 0) {
                allZeroButLast = false;
                break;
            }
        }
        if (allZeroButLast && b[15] == 0) {
            return AddressClass.UNSPECIFIED;
        }
        if (allZeroButLast && b[15] == 1) {
            return AddressClass.LOOPBACK;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return AddressClass.PRIVATE; // fc00::/7 unique local
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return AddressClass.LINK_LOCAL; // fe80::/10
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return AddressClass.PRIVATE; // fec0::/10 deprecated site-local
        }
        if (first == 0xff) {
            return AddressClass.MULTICAST;
        }
        if (first == 0x20 && second == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) {
            return AddressClass.RESERVED; // 2001:db8::/32 documentation
        }
        if (first == 0x20 && second == 0x02) {
            // 6to4 2002::/16 embeds an IPv4 address in bytes 2..5
            return classifyV4(new byte[]{b[2], b[3], b[4], b[5]});
        }
        if (first == 0x00 && second == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
            // NAT64 64:ff9b::/96 embeds an IPv4 address in the last four bytes
            return classifyV4(new byte[]{b[12], b[13], b[14], b[15]});
        }
        return AddressClass.PUBLIC;
    }

    /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or IPv4-compatible (::a.b.c.d) address. */
    private static byte[] embeddedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return null;
            }
        }
        boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        boolean compatible = b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xfe) == 0);
        if (!mapped && !compatible) {
            return null;
        }
        return new byte[]{b[12], b[13], b[14], b[15]};
    }

    /**
     * Parses IPv4 in the forms inet_aton accepts: 1 to 4 parts, each decimal, octal (leading 0)
     * or hex (0x); the last part fills the remaining bytes.
     */
    static Optional<byte[]> parseV4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length < 1 || parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Long v = parseNumber(parts[i]);
            if (v == null) {
                return Optional.empty();
            }
            values[i] = v;
        }
        long result;
        switch (parts.length) {
            case 1 -> {
                if (values[0] > 0xffffffffL) {
                    return Optional.empty();
                }
                result = values[0];
            }
            case 2 -> {
                if (values[0] > 0xff || values[1] > 0xffffffL) {
                    return Optional.empty();
                }
                result = (values[0] << 24) | values[1];
            }
            case 3 -> {
                if (values[0] > 0xff || values[1] > 0xff || values[2] > 0xffffL) {
                    return Optional.empty();
                }
                result = (values[0] << 24) | (values[1] << 16) | values[2];
            }
            default -> {
                for (long v : values) {
                    if (v > 0xff) {
                        return Optional.empty();
                    }
                }
                result = (values[0] << 24) | (values[1] << 16) | (values[2] << 8) | values[3];
            }
        }
        return Optional.of(new byte[]{(byte) (result >>> 24), (byte) (result >>> 16), (byte) (result >>> 8), (byte) result});
    }

    private static Long parseNumber(String part) {
        if (part.isEmpty() || part.length() > 12) {
            return null;
        }
        String p = part.toLowerCase(Locale.ROOT);
        int radix = 10;
        String digits = p;
        if (p.startsWith("0x")) {
            radix = 16;
            digits = p.substring(2);
            if (digits.isEmpty()) {
                return 0L;
            }
        } else if (p.length() > 1 && p.startsWith("0")) {
            radix = 8;
            digits = p.substring(1);
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                return null;
            }
        }
        return Long.parseLong(digits, radix);
    }

    private static Optional<InetAddress> parseV6(String host) {
        String h = host;
        int zone = h.indexOf('%');
        if (zone >= 0) {
            h = h.substring(0, zone);
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return Optional.empty();
            }
        }
        try {
            // With only hex digits, colons and dots, InetAddress parses the literal without DNS.
            return Optional.of(InetAddress.getByName("[" + h + "]"));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static byte[] parseV6Unchecked(String literal) {
        return parseV6(literal).map(InetAddress::getAddress).orElseThrow();
    }

    private static InetAddress v4(byte[] bytes) {
        try {
            return Inet4Address.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes always form an IPv4 address", e);
        }
    }
}
