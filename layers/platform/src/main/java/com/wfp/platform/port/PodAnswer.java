package com.wfp.platform.port;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What the pod answered to a production call.
 *
 * @param headers the pod's response headers, as sent
 */
public record PodAnswer(int status, Map<String, List<String>> headers, byte[] body) {

    /** The error code a pod answers with when it does not hold the release it was asked to run. */
    public static final String RELEASE_NOT_LOADED = "release.not-loaded";
    private static final String NOT_LOADED_TOKEN = "\"" + RELEASE_NOT_LOADED + "\"";
    private static final int LONGEST_NOT_LOADED_BODY = 4096;

    public PodAnswer {
        headers = headers == null ? Map.of() : headers;
        body = body == null ? new byte[0] : body;
    }

    /** True when the pod said it does not hold the release (a retired one, or after the pod restarted). */
    public boolean releaseNotLoaded() {
        return status == 404 && body.length < LONGEST_NOT_LOADED_BODY
                && new String(body, StandardCharsets.UTF_8).contains(NOT_LOADED_TOKEN);
    }
}
