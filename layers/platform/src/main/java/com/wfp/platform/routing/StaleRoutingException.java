package com.wfp.platform.routing;

import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;

/**
 * 409 {@code routing.stale-revision}: a routing change was made from a revision that is no longer
 * the current one, so nothing was changed. Every store and service raises this one refusal; the
 * services that retry a lost race catch it by type.
 */
public final class StaleRoutingException extends DomainException {

    private final long currentRevision;

    public StaleRoutingException(WorkflowRef ref, long expectedRevision, long currentRevision, Throwable cause) {
        super("routing.stale-revision", 409,
                "The routing of " + ref + " is at revision " + currentRevision + ", not " + expectedRevision,
                "Someone changed the routing meanwhile: reload it (revision " + currentRevision
                        + "), check the change, and apply yours again.", cause);
        this.currentRevision = currentRevision;
    }

    public StaleRoutingException(WorkflowRef ref, long expectedRevision, long currentRevision) {
        this(ref, expectedRevision, currentRevision, null);
    }

    /** The revision the routing is at. */
    public long currentRevision() {
        return currentRevision;
    }
}
