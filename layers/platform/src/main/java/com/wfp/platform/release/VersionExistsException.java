package com.wfp.platform.release;

import com.wfp.workflow.error.DomainException;

import java.util.List;

/**
 * 409 {@code release.version-exists}: the workflow already has a release with this version name.
 * The message and hint name the next free version, worked out from the names taken.
 */
public final class VersionExistsException extends DomainException {

    /**
     * @param namesNewestFirst the workflow's version names, newest release first, which the
     *                         next free version is suggested from
     */
    public VersionExistsException(WorkflowRef ref, String versionName, List<String> namesNewestFirst, Throwable cause) {
        this(ref, versionName, VersionSuggester.next(namesNewestFirst), false, cause);
    }

    /**
     * @param takenByFailedRelease true when the release holding the name failed its deployment:
     *                             names are never reused, so the message says the name stays with it
     */
    public VersionExistsException(WorkflowRef ref, String versionName, List<String> namesNewestFirst,
                                  boolean takenByFailedRelease, Throwable cause) {
        this(ref, versionName, VersionSuggester.next(namesNewestFirst), takenByFailedRelease, cause);
    }

    private VersionExistsException(WorkflowRef ref, String versionName, String next, boolean takenByFailedRelease,
                                   Throwable cause) {
        super("release.version-exists", 409,
                "Version '" + versionName + "' already exists for workflow " + ref
                        + (takenByFailedRelease ? " (a release whose deployment failed keeps the name; names are never reused)" : "")
                        + "; the next free version is '" + next + "'",
                "Publish as '" + next + "', or choose another version name that is not taken.", cause);
    }
}
