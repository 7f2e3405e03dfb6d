package com.wfp.platform.routing;

import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;

/** 422 {@code routing.unknown-release}: a routing names a release that is not one of the workflow's. */
public final class UnknownReleaseException extends DomainException {

    public UnknownReleaseException(ReleaseId id, WorkflowRef ref, Throwable cause) {
        super("routing.unknown-release", 422, "Release " + id + " is not a release of " + ref,
                "Route only releases listed for this workflow; publish the definition first.", cause);
    }

    public UnknownReleaseException(ReleaseId id, WorkflowRef ref) {
        this(id, ref, null);
    }
}
