package com.wfp.platform.port;

import com.wfp.platform.release.Release;

/**
 * Loads a release into its user's running pod when the data path finds the pod without it.
 * Locally this is the {@link PodManager}; a route function on AWS loads through the pod's admin
 * API.
 */
@FunctionalInterface
public interface ReleaseLoader {

    /**
     * @return the sha256 the pod computed over the definition it received, which the caller
     *         compares with {@link Release#sha256()}
     * @throws com.wfp.workflow.error.DomainException {@code pod.*} when the pod refused or did not answer
     */
    String load(String user, Release release);

    /** The {@link PodManager}'s load, as a loader. */
    static ReleaseLoader of(PodManager pods) {
        return (user, release) -> pods.load(user, release.id(), release.ref().workflow(), release.versionName(),
                release.definition());
    }
}
