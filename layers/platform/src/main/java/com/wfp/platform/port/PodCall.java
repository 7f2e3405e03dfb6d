package com.wfp.platform.port;

import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.ReleaseId;

import java.util.List;
import java.util.Map;

/**
 * One production call as the pod receives it: the caller's method, headers, query and body,
 * unchanged, for one release.
 *
 * @param user      whose pod serves the call
 * @param releaseId the release that runs it
 * @param headers   the caller's headers, names matched without regard to case
 * @param rawQuery  the query string without {@code ?}, or null
 * @param path      the production URL path the caller used, which the pod reports in its traces
 * @param shadow      true for a mirrored copy, whose answer is thrown away and whose execution the
 *                    pod records as shadow
 * @param callerKeyId who made the call, as the gateway's authorizer decided (an API key id,
 *                    {@code anonymous} for an open workflow, a person's id for a token), or null when
 *                    not known; the pod writes it in the execution's line, so telemetry learns the
 *                    caller with the execution. Never the key itself.
 */
public record PodCall(String user, ReleaseId releaseId, String method, Map<String, List<String>> headers,
                      String rawQuery, String path, byte[] body, boolean shadow, String callerKeyId) {

    public PodCall {
        InputRules.required("user", user);
        InputRules.required("release id", releaseId);
        InputRules.required("method", method);
        headers = headers == null ? Map.of() : headers;
        body = body == null ? new byte[0] : body;
    }

    /** The same call, mirrored to another release; the copy's execution has the same caller. */
    public PodCall shadowCopyFor(ReleaseId shadowRelease) {
        return new PodCall(user, shadowRelease, method, headers, rawQuery, path, body, true, callerKeyId);
    }
}
