package com.wfp.platform.port;

import com.wfp.platform.release.Draft;
import com.wfp.platform.release.WorkflowRef;

import java.util.Optional;

/**
 * Durable home of each workflow's draft: the definition being edited, before it is published.
 * Every implementation passes {@code ReleaseStoreContract.DraftStoreContract}.
 */
public interface DraftStore {

    /** Saves the workflow's draft, replacing any previous one, and returns it as stored. */
    Draft saveDraft(Draft draft);

    /** The workflow's draft, or empty when none was saved. */
    Optional<Draft> draft(WorkflowRef ref);
}
