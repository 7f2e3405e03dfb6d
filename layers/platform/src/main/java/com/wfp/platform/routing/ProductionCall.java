package com.wfp.platform.routing;

import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.WorkflowRef;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A call that reached a production URL: {@code /w/{user}/{project}/{workflow}} (routed) or
 * {@code .../v/{version}} (pinned).
 *
 * @param pinnedVersion the version the URL names, or null for the routed URL
 * @param headers       the caller's headers; names are matched without regard to case
 * @param rawQuery      the query string without {@code ?}, or null
 * @param callerKeyId   who made the call, as the authorizer decided before routing (an API key id,
 *                      {@code anonymous} for an open workflow, a person's id for a token), or null when
 *                      no authorizer's decision came with the call
 */
public record ProductionCall(WorkflowRef ref, String pinnedVersion, String method, Map<String, List<String>> headers,
                             String rawQuery, String path, byte[] body, String callerKeyId) {

    public ProductionCall {
        InputRules.required("workflow", ref);
        InputRules.required("method", method);
        TreeMap<String, List<String>> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> caseless.merge(name, List.copyOf(values),
                    (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
        }
        headers = Collections.unmodifiableMap(caseless);
        body = body == null ? new byte[0] : body;
    }

    /** The first value of a header, or null when the caller did not send it. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    public boolean pinned() {
        return pinnedVersion != null;
    }
}
