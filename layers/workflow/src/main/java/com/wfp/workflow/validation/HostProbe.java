package com.wfp.workflow.validation;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * The live connectivity probe of validation ({@link ValidationOptions#probe()}): resolves the
 * static host of each {@code http.request} node and tries a TLS handshake with it. Failures
 * become warnings, never errors: the network of the machine that validates may differ from the
 * one that runs the workflow.
 *
 * <p>Implementations must honour the timeouts; the validator also bounds the whole probe.
 */
public interface HostProbe {

    /**
     * Resolves a host name (or decodes an IP literal) to its addresses.
     *
     * @throws IOException when the name does not resolve within the timeout
     */
    List<InetAddress> resolve(String host, Duration timeout) throws IOException;

    /**
     * Connects to {@code address:port} and completes a TLS handshake for {@code host}
     * (server name indication and certificate host name checked).
     *
     * @throws IOException when the connection or the handshake fails or times out
     */
    void handshake(String host, InetAddress address, int port, Duration timeout) throws IOException;
}
