package com.wfp.local.gateway;

import com.wfp.workflow.error.DomainException;

/** A listener could not bind its port, nearly always because another process holds it. */
public final class PortInUseException extends DomainException {

    /** Which listener failed. */
    public enum Listener { HTTPS, HTTP }

    private final Listener listener;
    private final String host;
    private final int port;

    public PortInUseException(Listener listener, String host, int port, Throwable cause) {
        super("gateway.port-in-use", 503,
                "Cannot listen for " + listener.name() + " on " + host + ":" + port + ": the port is in use",
                "Stop the process using port " + port + ", or choose another port.", cause);
        this.listener = listener;
        this.host = host;
        this.port = port;
    }

    public Listener listener() {
        return listener;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }
}
