package com.wfp.platform.rollout;

import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;

/**
 * 409 {@code rollout.stale-version}: a rollout state was written from a version that is no longer
 * the stored one (another controller moved the rollout on), so nothing was changed.
 */
public final class StaleRolloutException extends DomainException {

    public StaleRolloutException(WorkflowRef ref, long expectedVersion, long currentVersion, Throwable cause) {
        super("rollout.stale-version", 409,
                "The rollout of " + ref + " is at version " + currentVersion + ", not " + expectedVersion,
                "Another controller changed it meanwhile: reload it (version " + currentVersion
                        + ") and decide again.", cause);
    }

    public StaleRolloutException(WorkflowRef ref, long expectedVersion, long currentVersion) {
        this(ref, expectedVersion, currentVersion, null);
    }
}
