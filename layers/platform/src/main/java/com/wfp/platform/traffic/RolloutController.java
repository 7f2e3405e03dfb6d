package com.wfp.platform.traffic;

import com.wfp.platform.port.ReleaseStore;
import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.telemetry.ReleaseMetrics;
import com.wfp.platform.telemetry.WindowStats;
import com.wfp.workflow.error.DomainException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs progressive rollouts: the candidate takes the plan's first share, and each {@link #tick}
 * judges it on the window's statistics from {@link ReleaseMetrics}:
 * <ul>
 *   <li>fewer than {@code minRequests} executions: PAUSED, holding the step (too little traffic to judge);</li>
 *   <li>error rate above {@code maxErrorRate}, or p95 above {@code maxP95Ms}: all traffic goes back to
 *       the release that served before the rollout, in one rollback whose history entry and
 *       {@code RolledBack} event say why, such as "error rate 23% &gt; 5% over 60 s (n=412)": ROLLED_BACK;</li>
 *   <li>otherwise, once {@code interval} has passed at the step: the next share, until 100%: COMPLETED.</li>
 * </ul>
 * Every step is a routing change written by {@value #ACTOR} whose reason names the step and the
 * figures that allowed it. A routing changed by anyone else during the rollout (a manual weight
 * change, promote, rollback or another publish) aborts it, leaving traffic as that change set it.
 *
 * <p>Rollout state lives in memory only. A restart of the platform resumes nothing: the routing
 * stays at the last step written, the routing history tells which step that was ("rollout of v2
 * step 2/3"), and the developer starts the rollout again, promotes, or rolls back.
 */
public final class RolloutController {

    /** The user id the controller's own routing changes are recorded under. */
    public static final String ACTOR = "wfp-rollout";

    private static final System.Logger LOG = System.getLogger(RolloutController.class.getName());

    private final TrafficService traffic;
    private final ReleaseStore store;
    private final ReleaseMetrics metrics;
    private final Clock clock;
    private final Map<WorkflowRef, RolloutState> rollouts = new LinkedHashMap<>();

    public RolloutController(TrafficService traffic, ReleaseStore store, ReleaseMetrics metrics, Clock clock) {
        this.traffic = traffic;
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Starts a rollout: the candidate takes the first step's share at once.
     *
     * @throws DomainException 409 {@code rollout.in-progress} when one is running for the workflow;
     *         409 {@code rollout.nothing-to-replace} when no other release takes traffic
     */
    public synchronized RolloutState start(WorkflowRef ref, RolloutPlan plan, String by) {
        InputRules.required("workflow", ref);
        InputRules.required("plan", plan);
        InputRules.userId("by", by);
        RolloutState existing = rollouts.get(ref);
        if (existing != null && existing.status().active()) {
            throw DomainException.conflict("rollout.in-progress",
                    "A rollout of " + name(existing.candidate()) + " is " + existing.status() + " for " + ref,
                    "Wait for it to finish, or cancel it first.");
        }
        Release candidate = traffic.resolve(ref, plan.candidateVersion());
        RoutingConfig routing = store.routing(ref);
        ReleaseId previous = routing.mostTraffic().orElse(null);
        if (previous == null || previous.equals(candidate.id())) {
            throw DomainException.conflict("rollout.nothing-to-replace",
                    previous == null ? "Nothing serves " + ref + " yet, so there is nothing to roll out from"
                            : candidate.versionName() + " already takes most of the traffic of " + ref,
                    "Publish the candidate staged (0%) or as a canary while another release serves, then start the rollout.");
        }
        Instant now = clock.instant();
        String why = stepWhy(candidate.versionName(), 0, plan, "started by " + by);
        TrafficChange change = traffic.shift(ref, routing.revision(), candidate.id().value(), plan.steps().getFirst(),
                by, why);
        boolean done = plan.steps().getFirst() == 100;
        RolloutState state = new RolloutState(ref, plan, candidate.id(), previous,
                done ? RolloutStatus.COMPLETED : RolloutStatus.RUNNING, 0, now, change.after().revision(), null,
                done ? candidate.versionName() + " takes 100%" : "started at " + plan.steps().getFirst() + "%", by, now);
        rollouts.put(ref, state);
        return state;
    }

    /** The workflow's latest rollout, running or finished, or empty when none was started. */
    public synchronized Optional<RolloutState> state(WorkflowRef ref) {
        return Optional.ofNullable(rollouts.get(ref));
    }

    /** The latest rollout of every workflow that had one. */
    public synchronized List<RolloutState> states() {
        return List.copyOf(rollouts.values());
    }

    /**
     * Stops the workflow's rollout where it is, leaving traffic as it is now.
     *
     * @throws DomainException 404 {@code rollout.not-running} when none is running
     */
    public synchronized RolloutState cancel(WorkflowRef ref, String by) {
        InputRules.userId("by", by);
        RolloutState state = rollouts.get(ref);
        if (state == null || !state.status().active()) {
            throw DomainException.notFound("rollout.not-running", "No rollout is running for " + ref,
                    "Start one, or change traffic directly.");
        }
        RolloutState cancelled = state.with(RolloutStatus.ABORTED, "cancelled by " + by + " at step "
                + (state.stepIndex() + 1) + "/" + state.plan().steps().size() + " (" + state.percent()
                + "%); traffic left as it is", state.lastStats(), clock.instant());
        rollouts.put(ref, cancelled);
        return cancelled;
    }

    /** Judges every running or paused rollout at {@code now}; returns their states afterwards. */
    public synchronized List<RolloutState> tick(Instant now) {
        List<RolloutState> updated = new ArrayList<>();
        for (RolloutState state : List.copyOf(rollouts.values())) {
            if (!state.status().active()) {
                continue;
            }
            RolloutState next;
            try {
                next = judge(state, now);
            } catch (DomainException e) {
                // Store or pod trouble: keep the step and try again at the next tick.
                next = state.with(state.status(), "check failed (" + e.code() + ": " + e.getMessage()
                        + "); retrying at the next tick", state.lastStats(), now);
            }
            rollouts.put(state.ref(), next);
            updated.add(next);
        }
        return updated;
    }

    /**
     * Ticks every {@code period} on {@code scheduler} with the controller's clock, until the returned
     * handle is cancelled.
     */
    public ScheduledFuture<?> schedule(ScheduledExecutorService scheduler, Duration period) {
        long millis = Math.max(1, period.toMillis());
        return scheduler.scheduleAtFixedRate(() -> {
            try {
                tick(clock.instant());
            } catch (RuntimeException e) {
                // A periodic task that throws is never run again; log and keep the rollouts going.
                LOG.log(System.Logger.Level.ERROR, "rollout tick failed", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    private RolloutState judge(RolloutState state, Instant now) {
        RolloutPlan plan = state.plan();
        RolloutGuard guard = plan.guard();
        String candidate = name(state.candidate());
        String step = "step " + (state.stepIndex() + 1) + "/" + plan.steps().size() + " (" + state.percent() + "%)";
        long revision = store.routing(state.ref()).revision();
        if (revision != state.routingRevision()) {
            return state.with(RolloutStatus.ABORTED, "the routing was changed outside the rollout (revision " + revision
                    + ", the rollout wrote " + state.routingRevision() + "); traffic left as that change set it",
                    state.lastStats(), now);
        }
        WindowStats stats = metrics.stats(state.candidate(), now.minus(guard.window()), now);
        String window = " over " + seconds(guard.window());
        String over = window + " (n=" + stats.requests() + ")";
        if (stats.requests() < guard.minRequests()) {
            return state.with(RolloutStatus.PAUSED, "paused at " + step + ": " + stats.requests() + " requests to "
                    + candidate + window + ", fewer than the " + guard.minRequests() + " needed to judge it", stats, now);
        }
        String crossed = null;
        if (stats.errorRate() > guard.maxErrorRate()) {
            crossed = "error rate " + percent(stats.errorRate()) + " > " + percent(guard.maxErrorRate()) + over;
        } else if (stats.p95Ms() > guard.maxP95Ms()) {
            crossed = "p95 " + millis(stats.p95Ms()) + " > " + millis(guard.maxP95Ms()) + over;
        }
        if (crossed != null) {
            String why = "automatic rollback of " + candidate + " at " + step + " of its rollout (started by "
                    + state.startedBy() + "): " + crossed;
            RollbackResult result = traffic.rollback(state.ref(), state.previous().value(), ACTOR, why);
            return state.advanced(state.stepIndex(), result.routing().revision(), RolloutStatus.ROLLED_BACK,
                    "rolled back to " + result.toVersion() + ": " + crossed, stats, now);
        }
        String held = "guard held: error rate " + percent(stats.errorRate()) + " <= " + percent(guard.maxErrorRate())
                + ", p95 " + millis(stats.p95Ms()) + " <= " + millis(guard.maxP95Ms()) + over;
        Instant due = state.stepStartedAt().plus(plan.interval());
        if (now.isBefore(due)) {
            return state.with(RolloutStatus.RUNNING, step + ", " + held + "; next step at " + due, stats, now);
        }
        int nextIndex = state.stepIndex() + 1;
        int nextPercent = plan.steps().get(nextIndex);
        String why = stepWhy(candidate, nextIndex, plan, "started by " + state.startedBy() + "; " + held);
        TrafficChange change;
        try {
            change = traffic.shift(state.ref(), state.routingRevision(), state.candidate().value(), nextPercent, ACTOR, why);
        } catch (DomainException e) {
            if (!"routing.stale-revision".equals(e.code())) {
                throw e;
            }
            return state.with(RolloutStatus.ABORTED, "the routing was changed outside the rollout; traffic left as that"
                    + " change set it", stats, now);
        }
        boolean done = nextPercent == 100;
        return state.advanced(nextIndex, change.after().revision(), done ? RolloutStatus.COMPLETED : RolloutStatus.RUNNING,
                (done ? "completed: " + candidate + " takes 100%" : "advanced to " + nextPercent + "%") + "; " + held,
                stats, now);
    }

    private static String stepWhy(String candidate, int index, RolloutPlan plan, String detail) {
        return "rollout of " + candidate + " step " + (index + 1) + "/" + plan.steps().size() + " (" + detail + ")";
    }

    private String name(ReleaseId id) {
        return store.release(id).map(Release::versionName).orElse(id.value());
    }

    /** 0.23 as "23%", 0.005 as "0.5%". */
    static String percent(double share) {
        double p = share * 100;
        boolean whole = Math.abs(p - Math.rint(p)) < 1e-9;
        return String.format(Locale.ROOT, whole ? "%.0f%%" : "%.1f%%", p);
    }

    private static String millis(double ms) {
        return String.format(Locale.ROOT, "%.0f ms", ms);
    }

    private static String seconds(Duration window) {
        return window.toMillis() % 1000 == 0 ? window.toSeconds() + " s" : window.toMillis() + " ms";
    }
}
