package com.wfp.platform.routing;

import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.WorkflowRef;

import java.time.Instant;

/**
 * One entry of a workflow's routing history: who changed the routing from what to what, when
 * and why. Publishes, traffic changes and rollbacks all leave one.
 *
 * @param revision the revision the change produced ({@code after.revision()})
 * @param why      the reason given, such as "publish v1.2.0 (canary 10%)" or "rollback to v1.1.0"
 */
public record RoutingChange(WorkflowRef ref, long revision, RoutingConfig before, RoutingConfig after, String by,
                            Instant at, String why) {

    public RoutingChange {
        InputRules.required("workflow", ref);
        InputRules.required("before", before);
        InputRules.required("after", after);
        InputRules.userId("by", by);
        InputRules.required("at", at);
        why = why == null ? "" : why;
    }
}
