package com.wfp.platform.port;

import com.wfp.platform.pod.PodPlan;
import com.wfp.platform.pod.PodSummary;

import java.util.List;

/**
 * The operator's side of the pods: every pod with its state and load, and each user's
 * {@link PodPlan}. The pod manager of a host implements it beside {@link PodManager}.
 * Failures are {@code DomainException}s with a hint.
 */
public interface PodFleet {

    /** Every pod the host knows, running or not, ordered by user then kind. Starts nothing. */
    List<PodSummary> pods();

    /** The user's plan: the saved one, or {@link PodPlan#defaults()}. */
    PodPlan plan(String user);

    /**
     * Saves the user's plan. A running production pod keeps its old plan until its next start,
     * unless {@code restartNow} asks for that start at once: the pod stops, draining its runs, and
     * starts again with the new plan and the same releases (its calls are refused in between).
     *
     * @return the user's production pod after the change
     */
    PodSummary setPlan(String user, PodPlan plan, boolean restartNow);
}
