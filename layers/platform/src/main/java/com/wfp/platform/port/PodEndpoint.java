package com.wfp.platform.port;

import com.wfp.platform.release.InputRules;

import java.net.URI;

/**
 * Where a user's production pod listens and the bearer token the platform uses to call it.
 *
 * @param baseUrl the pod's base URL, such as {@code http://127.0.0.1:41234}
 * @param token   the secret the pod expects in {@code Authorization: Bearer}; never logged
 */
public record PodEndpoint(URI baseUrl, String token) {

    public PodEndpoint {
        InputRules.required("pod base URL", baseUrl);
        InputRules.required("pod token", token);
    }

    @Override
    public String toString() {
        return "PodEndpoint[baseUrl=" + baseUrl + ", token=***]";
    }
}
