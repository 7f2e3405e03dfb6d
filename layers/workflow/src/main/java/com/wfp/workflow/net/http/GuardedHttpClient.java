package com.wfp.workflow.net.http;

import com.wfp.workflow.net.HostAddresses;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The outbound HTTP client of workflows, built on plain JDK sockets so that it connects to exactly
 * the address the SSRF guard checked: the host is resolved once per hop through the {@link Resolver},
 * every address is classified, and the socket connects to the checked address (TLS then runs over
 * that socket with SNI and HTTPS host name verification against the original host name). No second
 * DNS lookup happens anywhere. Redirects are followed up to a limit, each target resolved and
 * checked again. Responses are capped in size and every read is bounded by the call's deadline.
 *
 * <p>HTTP/1.1 only, one connection per request ({@code Connection: close}), identity encoding,
 * {@code Content-Length} and chunked bodies. Thread-safe.
 */
public final class GuardedHttpClient {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final List<String> CREDENTIAL_HEADERS = List.of("authorization", "cookie", "proxy-authorization");

    private final AddressGuard guard;
    private final SSLContext sslContext;
    private final long maxResponseBytes;
    private final int maxRedirects;

    /**
     * @param resolver            how host names are resolved (the system resolver in production)
     * @param sslContext          trust material for HTTPS (the JDK default in production)
     * @param allowedPrivateHosts host names that may resolve to loopback/private/link-local addresses
     * @param maxResponseBytes    largest response body read
     * @param maxRedirects        redirects followed before giving up
     */
    public GuardedHttpClient(Resolver resolver, SSLContext sslContext, Set<String> allowedPrivateHosts,
                             long maxResponseBytes, int maxRedirects) {
        this.guard = new AddressGuard(resolver, Set.copyOf(allowedPrivateHosts));
        this.sslContext = sslContext;
        this.maxResponseBytes = maxResponseBytes;
        this.maxRedirects = maxRedirects;
    }

    /** The system resolver and the JDK's default trust store. */
    public static GuardedHttpClient withSystemDefaults(Set<String> allowedPrivateHosts, long maxResponseBytes, int maxRedirects) {
        return new GuardedHttpClient(Resolver.system(), defaultSslContext(), allowedPrivateHosts, maxResponseBytes, maxRedirects);
    }

    static SSLContext defaultSslContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK provides no default TLS context", e);
        }
    }

    /**
     * Sends the request, following redirects, and retries idempotent requests after a 5xx answer or
     * a timeout as the policy allows, all within the request's time limit.
     *
     * @return the final response, whatever its status
     * @throws OutboundHttpException when the request is refused or fails without a response
     */
    public OutboundResponse send(OutboundRequest request, RetryPolicy retry) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(request.timeoutMs());
        int maxAttempts = request.idempotent() ? retry.maxAttempts() : 1;
        for (int attempt = 1; ; attempt++) {
            OutboundResponse response;
            try {
                response = followRedirects(request, deadline, attempt);
            } catch (OutboundHttpException e) {
                if (!e.retryable() || attempt >= maxAttempts || !backOff(retry, attempt, deadline)) {
                    throw e;
                }
                continue;
            }
            if (response.status() < 500 || attempt >= maxAttempts || !backOff(retry, attempt, deadline)) {
                return response;
            }
        }
    }

    /** Waits before the next attempt; false when the wait would not leave time for another attempt. */
    private static boolean backOff(RetryPolicy retry, int attempt, long deadline) {
        long waitNanos = TimeUnit.MILLISECONDS.toNanos(retry.backoffBefore(attempt));
        if (System.nanoTime() + waitNanos >= deadline) {
            return false;
        }
        try {
            Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled(e);
        }
    }

    private OutboundResponse followRedirects(OutboundRequest request, long deadline, int attempt) {
        URI uri = request.uri();
        String method = request.method();
        byte[] body = request.body();
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        for (int hop = 0; ; hop++) {
            Target target = Target.of(uri, request.allowInsecureHttp());
            List<InetAddress> addresses = guard.checkedAddresses(target.host());
            HttpWire.Response raw = exchange(target, addresses, method, headers, body, deadline);
            String location = raw.headers().get("location");
            if (!REDIRECTS.contains(raw.status()) || location == null) {
                return new OutboundResponse(raw.status(), raw.headers(), raw.body(), uri, attempt);
            }
            if (hop >= maxRedirects) {
                throw new OutboundHttpException("http.too-many-redirects", 502,
                        "The request to '" + request.uri().getHost() + "' redirected more than " + maxRedirects + " times",
                        "Call the final URL directly, or check the target for a redirect loop.", false, null);
            }
            URI next = resolveLocation(uri, location);
            if (raw.status() == 303 || ((raw.status() == 301 || raw.status() == 302) && method.equals("POST"))) {
                method = "GET";
                body = new byte[0];
                headers.keySet().removeIf(h -> h.equalsIgnoreCase("content-type"));
            }
            if (!sameOrigin(uri, next)) {
                // Credentials meant for one host must not travel to wherever it redirects: the standard ones,
                // and any header the workflow filled from a secret (an X-Api-Key: {{ $secret('k') }}).
                headers.keySet().removeIf(h -> CREDENTIAL_HEADERS.contains(h.toLowerCase(Locale.ROOT))
                        || request.secretHeaders().contains(h.toLowerCase(Locale.ROOT)));
            }
            uri = next;
        }
    }

    private HttpWire.Response exchange(Target target, List<InetAddress> addresses, String method, Map<String, String> headers,
                                       byte[] body, long deadline) {
        Socket socket = null;
        try {
            socket = connect(target, addresses, deadline);
            Socket channel = target.secure() ? startTls(socket, target, deadline) : socket;
            HttpWire.writeRequest(channel.getOutputStream(), method, target, headers, body);
            return HttpWire.readResponse(channel, method, deadline, maxResponseBytes, target.host());
        } catch (SocketTimeoutException e) {
            throw timeout(target, e);
        } catch (ConnectException | NoRouteToHostException e) {
            throw new OutboundHttpException("http.connect-failed", 502,
                    "Could not connect to '" + target.host() + "' port " + target.port() + ": " + e.getMessage(),
                    "Check that the service is up and reachable from the platform.", false, e);
        } catch (SSLException e) {
            throw new OutboundHttpException("http.tls", 502,
                    "The TLS connection to '" + target.host() + "' failed: " + e.getMessage(),
                    "The target's certificate must be valid for its host name and trusted.", false, e);
        } catch (InterruptedIOException e) {
            throw Thread.currentThread().isInterrupted() ? cancelled(e) : timeout(target, e);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw cancelled(e);
            }
            throw new OutboundHttpException("http.protocol", 502,
                    "The exchange with '" + target.host() + "' failed: " + e.getMessage(),
                    "Check that the target speaks HTTP/1.1 and answers completely.", false, e);
        } finally {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // Closing a socket we are done with cannot lose data.
            }
        }
    }

    /**
     * Connects to the first checked address that accepts, in the resolver's order. No proxy: a
     * proxy would resolve the name again, out of the guard's sight.
     */
    private static Socket connect(Target target, List<InetAddress> addresses, long deadline) throws IOException {
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket(Proxy.NO_PROXY);
            try {
                socket.connect(new InetSocketAddress(address, target.port()), remainingMillis(deadline, target));
                return socket;
            } catch (ConnectException | NoRouteToHostException e) {
                socket.close();
                last = e;
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
        throw last;
    }

    private Socket startTls(Socket socket, Target target, long deadline) throws IOException {
        SSLSocket tls = (SSLSocket) sslContext.getSocketFactory().createSocket(socket, target.host(), target.port(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (HostAddresses.parseLiteral(target.host()).isEmpty()) {
            parameters.setServerNames(List.of(new SNIHostName(target.host())));
        }
        tls.setSSLParameters(parameters);
        tls.setSoTimeout(remainingMillis(deadline, target));
        tls.startHandshake();
        return tls;
    }

    static int remainingMillis(long deadline, Target target) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw timeout(target, null);
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    static OutboundHttpException timeout(Target target, Throwable cause) {
        return new OutboundHttpException(OutboundHttpException.TIMEOUT, 504,
                "The request to '" + target.host() + "' did not complete in time",
                "Raise the node's timeoutMs, or check why the target is slow.", true, cause);
    }

    private static OutboundHttpException cancelled(Throwable cause) {
        return new OutboundHttpException("http.cancelled", 500, "The request was cancelled because the execution ended",
                "No action needed: the workflow had already answered or timed out.", false, cause);
    }

    private static URI resolveLocation(URI base, String location) {
        try {
            return base.resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new OutboundHttpException("http.protocol", 502,
                    "The target '" + base.getHost() + "' redirected to an invalid location",
                    "Check the target's redirect.", false, e);
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme()))
                && a.getHost().equalsIgnoreCase(String.valueOf(b.getHost()))
                && Target.portOf(a) == Target.portOf(b);
    }

    /** Scheme, host and port of one hop, checked against the scheme policy. */
    record Target(boolean secure, String host, int port, String pathAndQuery, boolean defaultPort) {

        static Target of(URI uri, boolean allowInsecureHttp) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new OutboundHttpException("http.invalid-url", 500,
                        "The URL '" + uri + "' is not an http(s) URL",
                        "Write an absolute URL starting with https://.", false, null);
            }
            if (scheme.equals("http") && !allowInsecureHttp) {
                throw new OutboundHttpException("http.insecure-scheme", 500,
                        "Plain http is not allowed for '" + uri.getHost() + "'",
                        "Use https://, or set \"allowInsecureHttp\": true on the node if the target has no TLS.", false, null);
            }
            String host = uri.getHost() != null ? uri.getHost() : hostOfAuthority(uri.getRawAuthority());
            if (host == null || host.isEmpty()) {
                throw new OutboundHttpException("http.invalid-url", 500, "The URL '" + uri + "' has no host",
                        "Write an absolute URL such as https://api.example.com/path.", false, null);
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String query = uri.getRawQuery();
            int port = uri.getHost() != null ? portOf(uri) : portOfAuthority(uri.getRawAuthority(), scheme);
            return new Target(scheme.equals("https"), host, port, query == null ? path : path + "?" + query,
                    port == (scheme.equals("https") ? 443 : 80));
        }

        /**
         * The host of an authority java.net.URI could not read as a server name, such as the hex
         * spelling {@code 0x7f.0.0.1}: such hosts are still classified (and refused) rather than
         * treated as unknown.
         */
        private static String hostOfAuthority(String authority) {
            if (authority == null) {
                return null;
            }
            String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
            if (hostPort.startsWith("[")) {
                int close = hostPort.indexOf(']');
                return close < 0 ? null : hostPort.substring(1, close);
            }
            int colon = hostPort.lastIndexOf(':');
            return colon < 0 ? hostPort : hostPort.substring(0, colon);
        }

        private static int portOfAuthority(String authority, String scheme) {
            String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
            int colon = hostPort.lastIndexOf(':');
            if (colon > hostPort.lastIndexOf(']')) {
                try {
                    return Integer.parseInt(hostPort.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new OutboundHttpException("http.invalid-url", 500, "The port in '" + authority + "' is not a number",
                            "Write the URL as https://host:port/path.", false, e);
                }
            }
            return scheme.equals("https") ? 443 : 80;
        }

        static int portOf(URI uri) {
            if (uri.getPort() != -1) {
                return uri.getPort();
            }
            return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
        }

        String hostHeader() {
            String name = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            return defaultPort ? name : name + ":" + port;
        }
    }
}
