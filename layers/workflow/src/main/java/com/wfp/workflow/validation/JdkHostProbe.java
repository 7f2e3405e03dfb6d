package com.wfp.workflow.validation;

import com.wfp.workflow.net.HostAddresses;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The default {@link HostProbe}, on plain JDK networking: {@link InetAddress} for DNS (bounded by
 * running the lookup on a virtual thread, since the JDK resolver takes no timeout) and
 * {@link SSLSocket} for the handshake, with host name verification.
 *
 * <p>By default it refuses to connect to non-public addresses: the probe runs inside the
 * platform, and a workflow document must not be able to make it reach internal services. Tests
 * that probe a listener on 127.0.0.1 construct it with {@code allowNonPublicAddresses = true}.
 */
public final class JdkHostProbe implements HostProbe {

    private final SSLContext sslContext;
    private final boolean allowNonPublicAddresses;

    /** Trusts the JDK's default certificate authorities and contacts public addresses only. */
    public JdkHostProbe() {
        this(defaultContext(), false);
    }

    public JdkHostProbe(SSLContext sslContext, boolean allowNonPublicAddresses) {
        this.sslContext = sslContext;
        this.allowNonPublicAddresses = allowNonPublicAddresses;
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no default TLS context", e);
        }
    }

    @Override
    public List<InetAddress> resolve(String host, Duration timeout) throws IOException {
        Optional<InetAddress> literal = HostAddresses.parseLiteral(host);
        if (literal.isPresent()) {
            return List.of(literal.get());
        }
        CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
        Thread.ofVirtual().name("probe-dns-" + host).start(() -> {
            try {
                lookup.complete(InetAddress.getAllByName(host));
            } catch (IOException | RuntimeException e) {
                lookup.completeExceptionally(e);
            }
        });
        try {
            return List.of(lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            throw new IOException("no DNS answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause.getMessage()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while resolving " + host, e);
        }
    }

    @Override
    public void handshake(String host, InetAddress address, int port, Duration timeout) throws IOException {
        if (!allowNonPublicAddresses && !HostAddresses.classify(address).isPublic()) {
            throw new IOException("not contacted: " + address.getHostAddress() + " is "
                    + HostAddresses.classify(address).description());
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), millis);
            plain.setSoTimeout(millis);
            try (SSLSocket tls = (SSLSocket) sslContext.getSocketFactory().createSocket(plain, host, port, true)) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                if (HostAddresses.parseLiteral(host).isEmpty()) {
                    try {
                        parameters.setServerNames(List.of(new SNIHostName(host)));
                    } catch (IllegalArgumentException e) {
                        // Not a valid SNI name; the handshake (and host name check) still runs without it.
                    }
                }
                tls.setSSLParameters(parameters);
                tls.startHandshake();
            }
        }
    }
}
