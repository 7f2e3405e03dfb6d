package com.wfp.local.gateway;

import com.wfp.local.auth.AdminToken;
import com.wfp.local.tls.TlsMaterial;

import java.util.Objects;

/**
 * How the local gateway listens.
 *
 * @param bindHost     the address both listeners bind to (127.0.0.1 keeps it off the network)
 * @param httpsPort    the HTTPS port; 0 picks a free one
 * @param httpPort     the redirect-only HTTP port; 0 picks a free one, -1 turns it off
 * @param tls          the server certificate
 * @param adminToken   the bearer token the control API requires
 * @param maxBodyBytes the largest request body accepted
 */
public record GatewaySettings(String bindHost, int httpsPort, int httpPort, TlsMaterial tls, AdminToken adminToken,
                              int maxBodyBytes) {

    public static final int DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;
    public static final int HTTP_OFF = -1;

    public GatewaySettings {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(adminToken, "adminToken");
        if (httpsPort < 0 || httpsPort > 65_535) {
            throw new IllegalArgumentException("The HTTPS port must be 0 to 65535, was " + httpsPort);
        }
        if (httpPort < HTTP_OFF || httpPort > 65_535) {
            throw new IllegalArgumentException("The HTTP port must be -1 (off) or 0 to 65535, was " + httpPort);
        }
    }

    public boolean httpEnabled() {
        return httpPort != HTTP_OFF;
    }
}
