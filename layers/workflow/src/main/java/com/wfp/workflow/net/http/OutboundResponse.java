package com.wfp.workflow.net.http;

import java.net.URI;
import java.util.Map;

/**
 * The final answer of an outbound request, after redirects and retries.
 *
 * @param status   HTTP status
 * @param headers  response headers, lower-case names, repeated headers joined with ", "
 * @param body     response body (at most the configured maximum)
 * @param uri      the URI that answered (differs from the request's after redirects)
 * @param attempts how many attempts were made
 */
public record OutboundResponse(int status, Map<String, String> headers, byte[] body, URI uri, int attempts) {

    public OutboundResponse {
        headers = Map.copyOf(headers);
    }

    public boolean successful() {
        return status >= 200 && status < 300;
    }

    public String contentType() {
        return headers.getOrDefault("content-type", "");
    }
}
