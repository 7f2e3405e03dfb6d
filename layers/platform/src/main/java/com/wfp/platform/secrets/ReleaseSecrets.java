package com.wfp.platform.secrets;

import java.util.Map;

/**
 * What a pod is handed with a release: the values of the credentials the release declares, read
 * from the secrets of the release's own project. A pod never sees another project's secrets.
 */
@FunctionalInterface
public interface ReleaseSecrets {

    /** Hands over nothing (no secret store configured). */
    ReleaseSecrets NONE = releaseId -> Map.of();

    /**
     * The declared credentials of the release that its project has a value for, by name; empty
     * for an id that is no stored release (a draft, an unknown id).
     */
    Map<String, String> forRelease(String releaseId);
}
