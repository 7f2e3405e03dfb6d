package com.wfp.platform.port;

import com.wfp.platform.release.ReleaseId;

/**
 * Runs each user's production pod: a child process on the local platform, a Fargate service on
 * AWS. Releases are data: loading one into a running pod makes it servable without a restart.
 * Failures are {@code DomainException}s ({@code pod.*} codes, usually 503) with a hint.
 */
public interface PodManager {

    /** Makes sure the user's pod runs (starting it on first use) and returns where it listens. Idempotent. */
    PodEndpoint ensurePod(String user);

    /**
     * Loads a release into the user's running pod, replacing nothing else.
     *
     * @param definitionJson the release's canonical definition
     * @return the sha256 the pod computed over the definition it received, which the caller
     *         compares with the release's own fingerprint
     */
    String load(String user, ReleaseId releaseId, String workflowId, String version, String definitionJson);

    /** Drops a release from the user's pod; unknown releases are ignored. */
    void unload(String user, ReleaseId releaseId);

    /** Asks the user's pod whether it is healthy and what it holds. */
    PodHealth health(String user);

    /** Stops the user's pod; a later {@link #ensurePod} starts it again. */
    void stop(String user);
}
