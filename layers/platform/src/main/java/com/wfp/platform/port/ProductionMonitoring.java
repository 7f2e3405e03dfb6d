package com.wfp.platform.port;

import com.wfp.platform.alert.AlertRules;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;

import java.util.List;

/**
 * Port: what watches a workflow in production from outside the platform, kept in step with the
 * releases that serve it. On AWS these are CloudWatch alarms per workflow (error rate and p95 over
 * the route function's metrics of the serving releases, judged by the workflow's alert rules) and
 * a dashboard per user and project; locally the platform's own {@code AlertMonitor} judges the
 * rules and the console draws the figures, so the local platform uses {@link #NONE}.
 *
 * <p>Callers treat it as best effort: a failure here is reported and never fails a publish or a
 * rollback.
 */
public interface ProductionMonitoring {

    /** Watches nothing. */
    ProductionMonitoring NONE = new ProductionMonitoring() {
        @Override
        public void serving(WorkflowRef ref, List<ServingRelease> releases, AlertRules rules) {
        }

        @Override
        public void retired(WorkflowRef ref) {
        }
    };

    /**
     * A release that takes some of a workflow's traffic.
     *
     * @param version its version name, as figures are labelled
     */
    record ServingRelease(ReleaseId releaseId, String version) {
    }

    /**
     * The workflow now serves {@code releases} (at least one): creates or updates its alarms by
     * {@code rules} and its part of its project's dashboard.
     */
    void serving(WorkflowRef ref, List<ServingRelease> releases, AlertRules rules);

    /** The workflow serves no release any more: removes its alarms and its part of the dashboard. */
    void retired(WorkflowRef ref);
}
