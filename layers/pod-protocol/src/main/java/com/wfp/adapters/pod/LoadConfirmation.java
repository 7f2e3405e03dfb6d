package com.wfp.adapters.pod;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the pod answers to a load (and to {@code GET /releases/{id}}): the release it now holds and the
 * sha256 of the definition it parsed, which the platform checks against its own.
 *
 * @param releaseId the release
 * @param sha256    the hex sha256 of the definition the pod holds
 * @param loadedAt  ISO-8601 instant the pod loaded it
 */
public record LoadConfirmation(String releaseId, String sha256, String loadedAt) {

    public static final String RELEASE_ID = "releaseId";
    public static final String WORKFLOW_ID = "workflowId";
    public static final String VERSION = "version";
    public static final String SHA256 = "sha256";
    public static final String LOADED_AT = "loadedAt";
    public static final String EXECUTIONS = "executions";

    /** The confirmation in the pod's answer; an empty sha256 when the answer has none. */
    public static LoadConfirmation fromJson(JsonNode answer, String requestedId) {
        return new LoadConfirmation(answer.path(RELEASE_ID).asText(requestedId), answer.path(SHA256).asText(""),
                answer.path(LOADED_AT).asText(""));
    }
}
