package com.wfp.platform.port;

import com.wfp.platform.release.InputRules;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where a user's production pod listens and the bearer token the platform uses to call it.
 *
 * @param baseUrl the pod's base URL, such as {@code http://127.0.0.1:41234}
 * @param token   the secret the pod expects in {@code Authorization: Bearer}; never logged
 * @param unixSocket the Unix domain socket the pod also serves on, which callers on the same machine use instead
 *                   of {@code baseUrl}'s TCP port; null for a pod reached over the network
 */
public record PodEndpoint(URI baseUrl, String token, Path unixSocket) {

    /** A pod reached over TCP only. */
    public PodEndpoint(URI baseUrl, String token) {
        this(baseUrl, token, null);
    }

    public PodEndpoint {
        InputRules.required("pod base URL", baseUrl);
        InputRules.required("pod token", token);
    }

    @Override
    public String toString() {
        return "PodEndpoint[baseUrl=" + baseUrl + (unixSocket == null ? "" : ", unixSocket=" + unixSocket) + ", token=***]";
    }
}
