package com.wfp.adapters.local.pod;

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

    @Override
    public String toString() {
        // The token is a credential: keep it out of logs and error messages.
        return "RunningPod[user=" + user + ", baseUrl=" + baseUrl + ", pid=" + pid + ", kind=" + kind + "]";
    }
}
