package com.wfp.adapters.local.pod;

import com.wfp.platform.port.PodEndpoint;

import java.net.URI;

/**
 * Where a user's pod answers and how to authenticate to it.
 *
 * @param user    the pod's owner
 * @param baseUrl {@code http://127.0.0.1:<port>}, without a trailing slash
 * @param token   the admin bearer token for {@code /releases} and {@code /run}
 * @param pid     the pod process id
 * @param kind    {@code "production"} or {@code "debug"}
 */
public record RunningPod(String user, String baseUrl, String token, long pid, String kind) {

    /** Where the pod answers, as the pod client takes it. */
    public PodEndpoint podEndpoint() {
        return new PodEndpoint(URI.create(baseUrl), token);
    }

    /** How messages name the pod: "production pod of ada". */
    public String name() {
        return kind + " pod of " + user;
    }

    @Override
    public String toString() {
        // The token is a credential: keep it out of logs and error messages.
        return "RunningPod[user=" + user + ", baseUrl=" + baseUrl + ", pid=" + pid + ", kind=" + kind + "]";
    }
}
