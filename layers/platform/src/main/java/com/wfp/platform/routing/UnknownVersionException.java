package com.wfp.platform.routing;

import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;

import java.util.List;

/**
 * A pinned URL or an {@code X-Workflow-Version} header named a version the workflow does not
 * route: 404 {@code route.unknown-version}. It carries the live versions, so the edge can list
 * them in the error body as well as in the message.
 */
public final class UnknownVersionException extends DomainException {

    /** The stable error code. */
    public static final String CODE = "route.unknown-version";

    private final transient List<String> liveVersions;

    UnknownVersionException(WorkflowRef ref, String requested, List<String> liveVersions, String described) {
        super(CODE, 404, "Version '" + InputRules.abbreviate(requested) + "' of " + ref + " is not live; live versions: "
                        + described,
                "Call one of the live versions, or route '" + InputRules.abbreviate(requested)
                        + "' at 0% (staged) so that its pinned URL and the X-Workflow-Version header reach it.");
        this.liveVersions = List.copyOf(liveVersions);
    }

    /** The versions a pin or header may name: every release in the routing, weighted, staged or shadow. */
    public List<String> liveVersions() {
        return liveVersions;
    }
}
