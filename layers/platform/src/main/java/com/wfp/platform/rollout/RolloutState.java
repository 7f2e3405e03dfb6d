package com.wfp.platform.rollout;

import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.telemetry.WindowStats;
import com.wfp.workflow.error.DomainException;

import java.time.Instant;

/**
 * The progress of one workflow's rollout, as the controller last left it. It is stored (see
 * {@link com.wfp.platform.port.RolloutStore#compareAndSetRollout}) on every change, so a restarted
 * platform, or another controller sharing the store, carries on from here.
 *
 * @param ref               the workflow
 * @param version           0 before the state is first stored, then the stored version: every
 *                          write of the workflow's rollout adds 1, and a write names the version it
 *                          replaces, so two controllers never both move the same rollout on
 * @param plan              the plan being followed
 * @param candidate         the release rolled out
 * @param previous          the release that took most traffic when the rollout started: where a
 *                          crossed threshold sends all traffic back
 * @param status            where it stands
 * @param stepIndex         index into {@code plan.steps()} of the share the candidate has now
 * @param stepStartedAt     when the candidate got that share; the step's interval runs from here,
 *                          across restarts
 * @param routingRevision   the routing revision the rollout last wrote; another one means someone
 *                          else changed the routing
 * @param lastStats         the candidate's statistics at the last check, or null before any
 * @param reason            why it is in this status, in words
 * @param startedBy         who started it
 * @param updatedAt         when it last changed
 */
public record RolloutState(WorkflowRef ref, long version, RolloutPlan plan, ReleaseId candidate, ReleaseId previous,
                           RolloutStatus status, int stepIndex, Instant stepStartedAt, long routingRevision,
                           WindowStats lastStats, String reason, String startedBy, Instant updatedAt) {

    public RolloutState {
        InputRules.required("workflow", ref);
        InputRules.required("plan", plan);
        InputRules.required("candidate", candidate);
        InputRules.required("previous release", previous);
        InputRules.required("status", status);
        InputRules.required("step start", stepStartedAt);
        InputRules.required("reason", reason);
        InputRules.required("started by", startedBy);
        InputRules.required("updated at", updatedAt);
        if (version < 0 || routingRevision < 0 || stepIndex < 0 || stepIndex >= plan.steps().size()) {
            throw DomainException.badRequest("rollout.invalid-state", "A rollout at version " + version + ", step index "
                            + stepIndex + " of " + plan.steps().size() + " and routing revision " + routingRevision
                            + " is impossible",
                    "Keep the version and revision non-negative and the step index within the plan's steps.");
        }
    }

    /** The candidate's current share of traffic in percent. */
    public int percent() {
        return plan.steps().get(stepIndex);
    }

    /** "step 2/3 (50%)". */
    public String stepText() {
        return "step " + (stepIndex + 1) + "/" + plan.steps().size() + " (" + percent() + "%)";
    }

    /** The same state at another stored version; what a store returns after writing it. */
    public RolloutState withVersion(long newVersion) {
        return new RolloutState(ref, newVersion, plan, candidate, previous, status, stepIndex, stepStartedAt,
                routingRevision, lastStats, reason, startedBy, updatedAt);
    }

    RolloutState with(RolloutStatus newStatus, String newReason, WindowStats stats, Instant at) {
        return new RolloutState(ref, version, plan, candidate, previous, newStatus, stepIndex, stepStartedAt,
                routingRevision, stats, newReason, startedBy, at);
    }

    RolloutState advanced(int newStepIndex, long newRevision, RolloutStatus newStatus, String newReason,
                          WindowStats stats, Instant at) {
        return advanced(newStepIndex, at, newRevision, newStatus, newReason, stats, at);
    }

    /** At another step, which the candidate took at {@code stepAt}; changed at {@code at}. */
    RolloutState advanced(int newStepIndex, Instant stepAt, long newRevision, RolloutStatus newStatus, String newReason,
                          WindowStats stats, Instant at) {
        return new RolloutState(ref, version, plan, candidate, previous, newStatus, newStepIndex, stepAt, newRevision,
                stats, newReason, startedBy, at);
    }

    /** True when the two differ in nothing but {@link #updatedAt}: nothing worth writing down. */
    boolean sameApartFromTime(RolloutState other) {
        return other != null && equals(other.with(other.status, other.reason, other.lastStats, updatedAt));
    }
}
