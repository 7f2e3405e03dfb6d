package com.wfp.adapters.local.pod;

import com.fasterxml.jackson.databind.JsonNode;

/** A release a pod must hold, with what the pod confirmed when it loaded it. */
record LoadedRelease(String releaseId, String workflowId, String version, JsonNode definition, String sha256,
                     String loadedAt) {
}
