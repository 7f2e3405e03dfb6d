package com.wfp.adapters.local.pod;

import com.wfp.platform.port.PodEndpoint;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where a user's pod answers and how to authenticate to it.
 *
 * @param user        the pod's owner
 * @param podEndpoint where the pod answers, as the pod client takes it: made once per pod, not per call, since
 *                    every production call asks for it and parsing its URL was a measurable share of the call
 * @param pid         the pod process id
 * @param kind        {@code "production"} or {@code "debug"}
 */
public record RunningPod(String user, PodEndpoint podEndpoint, long pid, String kind) {

    /**
     * @param baseUrl    {@code http://127.0.0.1:<port>}, without a trailing slash
     * @param token      the admin bearer token for {@code /releases} and {@code /run}
     * @param unixSocket the Unix domain socket the pod also serves on, which the platform calls it through; null
     *                   when the data directory's path is too long for one, and the pod is called on its port
     */
    public RunningPod(String user, String baseUrl, String token, long pid, String kind, Path unixSocket) {
        this(user, new PodEndpoint(URI.create(baseUrl), token, unixSocket), pid, kind);
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return podEndpoint.baseUrl().toString();
    }

    /** The admin bearer token for {@code /releases} and {@code /run}. */
    public String token() {
        return podEndpoint.token();
    }

    /** The Unix domain socket the pod also serves on, or null. */
    public Path unixSocket() {
        return podEndpoint.unixSocket();
    }

    /** How messages name the pod: "production pod of ada". */
    public String name() {
        return kind + " pod of " + user;
    }

    @Override
    public String toString() {
        // The token is a credential: keep it out of logs and error messages.
        return "RunningPod[user=" + user + ", baseUrl=" + baseUrl() + ", unixSocket=" + unixSocket() + ", pid=" + pid
                + ", kind=" + kind + "]";
    }
}
