package com.wfp.platform.access;

import com.wfp.platform.release.WorkflowRef;

/**
 * What the authorizer reads of one production call: where it goes and the headers that carry
 * credentials and CORS. Header values are as sent, or null when absent.
 *
 * @param ref                 the workflow called
 * @param pinnedVersion       the version in a pinned URL, or null
 * @param versionHeader       the {@code X-Workflow-Version} header
 * @param method              the HTTP method
 * @param apiKey              the {@code X-Api-Key} header
 * @param authorization       the {@code Authorization} header
 * @param origin              the {@code Origin} header
 */
public record CallCredentials(WorkflowRef ref, String pinnedVersion, String versionHeader, String method,
                              String apiKey, String authorization, String origin) {

    /** The version the call asks for, by URL or header; null to let the routing choose. */
    public String requestedVersion() {
        if (pinnedVersion != null) {
            return pinnedVersion;
        }
        return versionHeader == null || versionHeader.isBlank() ? null : versionHeader.strip();
    }

    @Override
    public String toString() {
        return "CallCredentials[" + ref + ", version=" + requestedVersion() + ", " + method + "]";
    }
}
