package com.wfp.adapters.local.pod;

import com.wfp.platform.port.PodEndpoint;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where a user's pod answers and how to authenticate to it.
 *
 * @param user    the pod's owner
 * @param baseUrl {@code http://127.0.0.1:<port>}, without a trailing slash
 * @param token   the admin bearer token for {@code /releases} and {@code /run}
 * @param pid     the pod process id
 * @param kind    {@code "production"} or {@code "debug"}
 * @param unixSocket the Unix domain socket the pod also serves on, which the platform calls it through; null
 *                   when the data directory's path is too long for one, and the pod is called on its port
 */
public record RunningPod(String user, String baseUrl, String token, long pid, String kind, Path unixSocket) {

    /** Where the pod answers, as the pod client takes it. */
    public PodEndpoint podEndpoint() {
        return new PodEndpoint(URI.create(baseUrl), token, unixSocket);
    }

    /** How messages name the pod: "production pod of ada". */
    public String name() {
        return kind + " pod of " + user;
    }

    @Override
    public String toString() {
        // The token is a credential: keep it out of logs and error messages.
        return "RunningPod[user=" + user + ", baseUrl=" + baseUrl + ", unixSocket=" + unixSocket + ", pid=" + pid
                + ", kind=" + kind + "]";
    }
}
