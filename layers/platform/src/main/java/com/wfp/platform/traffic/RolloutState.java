package com.wfp.platform.traffic;

import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.telemetry.WindowStats;

import java.time.Instant;

/**
 * The progress of one workflow's rollout, as the controller last left it.
 *
 * @param ref               the workflow
 * @param plan              the plan being followed
 * @param candidate         the release rolled out
 * @param previous          the release that took most traffic when the rollout started: where a
 *                          crossed threshold sends all traffic back
 * @param status            where it stands
 * @param stepIndex         index into {@code plan.steps()} of the share the candidate has now
 * @param stepStartedAt     when the candidate got that share
 * @param routingRevision   the routing revision the rollout last wrote; another one means someone
 *                          else changed the routing
 * @param lastStats         the candidate's statistics at the last check, or null before any
 * @param reason            why it is in this status, in words
 * @param startedBy         who started it
 * @param updatedAt         when it last changed
 */
public record RolloutState(WorkflowRef ref, RolloutPlan plan, ReleaseId candidate, ReleaseId previous,
                           RolloutStatus status, int stepIndex, Instant stepStartedAt, long routingRevision,
                           WindowStats lastStats, String reason, String startedBy, Instant updatedAt) {

    /** The candidate's current share of traffic in percent. */
    public int percent() {
        return plan.steps().get(stepIndex);
    }

    RolloutState with(RolloutStatus newStatus, String newReason, WindowStats stats, Instant at) {
        return new RolloutState(ref, plan, candidate, previous, newStatus, stepIndex, stepStartedAt, routingRevision, stats,
                newReason, startedBy, at);
    }

    RolloutState advanced(int newStepIndex, long newRevision, RolloutStatus newStatus, String newReason,
                          WindowStats stats, Instant at) {
        return new RolloutState(ref, plan, candidate, previous, newStatus, newStepIndex, at, newRevision, stats, newReason,
                startedBy, at);
    }
}
