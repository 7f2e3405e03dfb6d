package com.wfp.workflow.net.http;

import com.wfp.workflow.net.AddressClass;
import com.wfp.workflow.net.HostAddresses;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The SSRF guard: resolves a host once and decides which address a request may connect to.
 * Loopback, private, link-local, unspecified, multicast and reserved addresses are refused unless
 * the host name is explicitly allowed (local development); cloud metadata addresses and
 * IPv4-mapped IPv6 addresses are refused always. When a name resolves to several addresses, every
 * one of them must pass, so a mixed answer cannot smuggle in a private address.
 */
final class AddressGuard {

    private final Resolver resolver;
    private final Set<String> allowedPrivateHosts;

    AddressGuard(Resolver resolver, Set<String> allowedPrivateHosts) {
        this.resolver = resolver;
        this.allowedPrivateHosts = allowedPrivateHosts;
    }

    /** Resolves the host (no lookup for IP literals) and returns the checked addresses to connect to, in order. */
    List<InetAddress> checkedAddresses(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        List<InetAddress> addresses;
        var literal = HostAddresses.parseLiteral(name);
        if (literal.isPresent()) {
            addresses = List.of(literal.get());
        } else {
            try {
                addresses = resolver.resolve(name);
            } catch (UnknownHostException e) {
                throw new OutboundHttpException("http.unknown-host", 502, "The host '" + host + "' does not resolve",
                        "Check the host name in the URL.", false, e);
            }
            if (addresses == null || addresses.isEmpty()) {
                throw new OutboundHttpException("http.unknown-host", 502, "The host '" + host + "' resolved to no address",
                        "Check the host name in the URL.", false, null);
            }
        }
        boolean privateAllowed = allowedPrivateHosts.contains(name) || allowedPrivateHosts.contains(stripBrackets(name));
        for (InetAddress address : addresses) {
            check(host, address, privateAllowed);
        }
        return List.copyOf(addresses);
    }

    private static void check(String host, InetAddress address, boolean privateAllowed) {
        if (isIpv4Mapped(address)) {
            throw blocked(host, address, "an IPv4-mapped IPv6 address");
        }
        AddressClass kind = HostAddresses.classify(address);
        switch (kind) {
            case PUBLIC -> {
            }
            case LOOPBACK, PRIVATE, LINK_LOCAL -> {
                if (!privateAllowed) {
                    throw blocked(host, address, kind.description());
                }
            }
            default -> throw blocked(host, address, kind.description());
        }
    }

    private static boolean isIpv4Mapped(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return false;
        }
        byte[] b = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == (byte) 0xff && b[11] == (byte) 0xff);
    }

    private static OutboundHttpException blocked(String host, InetAddress address, String what) {
        return new OutboundHttpException("http.blocked-address", 500,
                "The request to '" + host + "' was refused: it resolves to " + address.getHostAddress() + ", " + what,
                "Workflows may only call public internet addresses. For local development, add the host to the"
                        + " engine's allowedPrivateHosts; cloud metadata addresses are never reachable.", false, null);
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
