package com.wfp.workflow.net.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Port: turns a host name into addresses. The guarded client resolves each host exactly once per
 * connection and connects to an address it checked, so a resolver that answers differently the
 * second time (DNS rebinding) cannot steer a request into private space.
 */
@FunctionalInterface
public interface Resolver {

    /**
     * The addresses of a host name.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The operating system's resolver. */
    static Resolver system() {
        return host -> Arrays.asList(InetAddress.getAllByName(host));
    }
}
