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
        this(ref, versionName, VersionSuggester.next(namesNewestFirst), cause);
    }

    private VersionExistsException(WorkflowRef ref, String versionName, String next, Throwable cause) {
        super("release.version-exists", 409,
                "Version '" + versionName + "' already exists for workflow " + ref
                        + "; the next free version is '" + next + "'",
                "Publish as '" + next + "', or choose another version name that is not taken.", cause);
    }
}
