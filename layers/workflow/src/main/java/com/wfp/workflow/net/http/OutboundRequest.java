package com.wfp.workflow.net.http;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One outbound HTTP request as a workflow node asks for it.
 *
 * @param method            HTTP method, upper case
 * @param uri               absolute http(s) URI
 * @param headers           request headers (names as given)
 * @param body              request body, empty for none
 * @param allowInsecureHttp whether plain {@code http://} is allowed (it is refused otherwise)
 * @param timeoutMs         time limit of the whole call, attempts, redirects and backoff included
 * @param secretHeaders     names of the headers whose values carry a secret: never sent to
 *                          another origin than the one asked for
 */
public record OutboundRequest(String method, URI uri, Map<String, String> headers, byte[] body,
                              boolean allowInsecureHttp, long timeoutMs, Set<String> secretHeaders) {

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    public OutboundRequest {
        method = method.toUpperCase(Locale.ROOT);
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
        secretHeaders = secretHeaders == null ? Set.of() : secretHeaders.stream()
                .map(name -> name.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
        if (timeoutMs <= 0) {
            throw new IllegalArgumentException("timeoutMs must be positive, was " + timeoutMs);
        }
    }

    /** A request none of whose headers carries a secret. */
    public OutboundRequest(String method, URI uri, Map<String, String> headers, byte[] body, boolean allowInsecureHttp,
                           long timeoutMs) {
        this(method, uri, headers, body, allowInsecureHttp, timeoutMs, Set.of());
    }

    /** Whether repeating the request is safe, so that it may be retried. */
    public boolean idempotent() {
        return IDEMPOTENT.contains(method);
    }
}
