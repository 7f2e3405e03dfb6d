package com.wfp.platform.port;

import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;

import java.util.List;
import java.util.Optional;

/**
 * The immutable releases of every workflow. Releases never change once created; sequence numbers
 * and version names are unique per workflow even under concurrent writers (threads and
 * processes). Every implementation passes {@code ReleaseStoreContract.ReleaseCatalogueContract}.
 */
public interface ReleaseCatalogue {

    /**
     * Snapshots a new immutable release, assigning a fresh id and the next sequence number of its
     * workflow (1 for the first) atomically.
     *
     * @throws com.wfp.workflow.error.DomainException 409 {@code release.version-exists} when the
     *         workflow already has a release with this version name; the message names it and
     *         the hint suggests the next free version name
     */
    Release createRelease(NewRelease release);

    /** The release with this id, or empty. */
    Optional<Release> release(ReleaseId id);

    /** Every release of the workflow, newest (highest seq) first; empty when none. */
    List<Release> releases(WorkflowRef ref);

    /** The workflow's release with exactly this version name (case-sensitive), or empty. */
    Optional<Release> releaseByVersion(WorkflowRef ref, String versionName);

    /**
     * Every release a routing config of the user's workflows names (weighted, staged at 0% or
     * shadowed): what the user's pod must hold, for instance after it restarted. Ordered by
     * project, workflow, then newest first; empty when nothing is routed.
     */
    List<Release> routedReleases(String user);
}
