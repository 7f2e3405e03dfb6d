package com.wfp.platform.rollout;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.wfp.platform.port.ReleaseCatalogue;
import com.wfp.platform.port.RolloutStore;
import com.wfp.platform.port.RoutingStore;
import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RoutingChange;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.StaleRoutingException;
import com.wfp.platform.telemetry.ReleaseMetrics;
import com.wfp.platform.telemetry.WindowStats;
import com.wfp.platform.traffic.RollbackResult;
import com.wfp.platform.traffic.TrafficChange;
import com.wfp.platform.traffic.TrafficService;
import com.wfp.workflow.error.DomainException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * <p>Rollout state lives in the {@link ReleaseStore}, not in the controller: every change (start,
 * step, pause and resume, rollback, cancel, abort) is written there with a compare-and-set on the
 * state's version, and each tick judges the rollouts the store lists as running or paused. A
 * restarted platform therefore carries on where it stopped: {@link #resume()}, called at start,
 * takes the stored rollouts up at their step, the interval still counted from when the step
 * began. Several controllers may share one store (a second host): the routing compare-and-set
 * lets one of them write a step, the version compare-and-set lets one of them record it, and a
 * controller that finds a step {@value #ACTOR} wrote but nobody recorded (another controller's, or
 * its own cut off by a stop) takes it over from the routing history instead of aborting or
 * repeating it. The statistics of the guard are not stored: after a restart the window fills
 * again from live traffic, and the rollout holds its step (PAUSED) until it has enough to judge.
 */
public final class RolloutController {

    /** The user id the controller's own routing changes are recorded under. */
    public static final String ACTOR = "wfp-rollout";
    /** Attempts of a cancel while other controllers keep writing the rollout. */
    static final int ATTEMPTS = 8;
    /** How much of another change's reason an abort quotes. */
    private static final int QUOTED_REASON_LENGTH = 160;

    private static final Logger LOG = LoggerFactory.getLogger(RolloutController.class);

    private final TrafficService traffic;
    private final ReleaseCatalogue catalogue;
    private final RoutingStore routingStore;
    private final RolloutStore rolloutStore;
    private final ReleaseMetrics metrics;
    private final Clock clock;

    public RolloutController(TrafficService traffic, ReleaseCatalogue catalogue, RoutingStore routingStore, RolloutStore rolloutStore, ReleaseMetrics metrics, Clock clock) {
        this.traffic = traffic;
        this.catalogue = catalogue;
        this.routingStore = routingStore;
        this.rolloutStore = rolloutStore;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Starts a rollout: the candidate takes the first step's share at once, and the rollout is
     * stored, replacing the workflow's finished one.
     *
     * @throws DomainException 409 {@code rollout.in-progress} when one is running for the workflow
     *         (or another controller started one meanwhile); 409 {@code rollout.nothing-to-replace}
     *         when no other release takes traffic
     */
    public synchronized RolloutState start(WorkflowRef ref, RolloutPlan plan, String by) {
        InputRules.required("workflow", ref);
        InputRules.required("plan", plan);
        InputRules.userId("by", by);
        Optional<RolloutState> existing = rolloutStore.rollout(ref);
        if (existing.isPresent() && existing.get().status().active()) {
            throw inProgress(existing.get(), null);
        }
        Release candidate = traffic.resolveRoutable(ref, plan.candidateVersion());
        RoutingConfig routing = routingStore.routing(ref);
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
        RolloutState state = new RolloutState(ref, 0, plan, candidate.id(), previous,
                done ? RolloutStatus.COMPLETED : RolloutStatus.RUNNING, 0, now, change.after().revision(), null,
                done ? candidate.versionName() + " takes 100%" : "started at " + plan.steps().getFirst() + "%", by, now);
        try {
            return rolloutStore.compareAndSetRollout(state, existing.map(RolloutState::version).orElse(0L));
        } catch (DomainException e) {
            if (!isStale(e)) {
                throw e;
            }
            throw inProgress(rolloutStore.rollout(ref).orElse(state), e);
        }
    }

    /** The workflow's latest rollout, running or finished, or empty when none was ever started. */
    public synchronized Optional<RolloutState> state(WorkflowRef ref) {
        return rolloutStore.rollout(ref);
    }

    /**
     * Takes up the stored rollouts that are running or paused; the platform calls it once at
     * start, before the first tick. A rollout whose routing is as it left it carries on at its
     * step, the interval counted from when the step began (not from now). One whose routing
     * someone else changed meanwhile is aborted, its reason naming that change; a step or rollback
     * the controller wrote itself but could not record before the stop is taken over.
     *
     * @return every rollout taken up, as it stands after that check
     */
    public synchronized List<RolloutState> resume() {
        Instant now = clock.instant();
        List<RolloutState> resumed = new ArrayList<>();
        for (RolloutState state : rolloutStore.activeRollouts()) {
            RolloutState next = state;
            try {
                if (routingStore.routing(state.ref()).revision() != state.routingRevision()) {
                    next = record(state, reconcile(state, now, true));
                }
                LOG.info("rollout of {} ({}) resumed: {} at {}, step started {}",
                        state.ref(), name(state.candidate()), next.status(), next.stepText(), next.stepStartedAt());
            } catch (DomainException e) {
                LOG.warn("could not check the rollout of " + state.ref()
                        + " on resume; the next tick judges it", e);
            }
            resumed.add(next);
        }
        return resumed;
    }

    /**
     * Stops the workflow's rollout where it is, leaving traffic as it is now.
     *
     * @throws DomainException 404 {@code rollout.not-running} when none is running
     */
    public synchronized RolloutState cancel(WorkflowRef ref, String by) {
        InputRules.userId("by", by);
        for (int attempt = 1; ; attempt++) {
            RolloutState state = rolloutStore.rollout(ref).filter(s -> s.status().active())
                    .orElseThrow(() -> DomainException.notFound("rollout.not-running", "No rollout is running for " + ref,
                            "Start one, or change traffic directly."));
            RolloutState cancelled = state.with(RolloutStatus.ABORTED, "cancelled by " + by + " at " + state.stepText()
                    + "; traffic left as it is", state.lastStats(), clock.instant());
            try {
                return rolloutStore.compareAndSetRollout(cancelled, state.version());
            } catch (DomainException e) {
                // Another controller's tick wrote the rollout in between: cancel it as that tick left it.
                if (!isStale(e) || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Judges every rollout the store lists as running or paused at {@code now}, and stores what
     * changed; returns their states afterwards.
     */
    public synchronized List<RolloutState> tick(Instant now) {
        List<RolloutState> updated = new ArrayList<>();
        for (RolloutState state : rolloutStore.activeRollouts()) {
            RolloutState next;
            try {
                next = judge(state, now);
            } catch (DomainException e) {
                // Store or pod trouble: keep the step and try again at the next tick.
                next = state.with(state.status(), "check failed (" + e.code() + ": " + e.getMessage()
                        + "); retrying at the next tick", state.lastStats(), now);
            }
            updated.add(record(state, next));
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
                LOG.error("rollout tick failed", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    private RolloutState judge(RolloutState state, Instant now) {
        RolloutPlan plan = state.plan();
        RolloutGuard guard = plan.guard();
        String candidate = name(state.candidate());
        String step = state.stepText();
        if (routingStore.routing(state.ref()).revision() != state.routingRevision()) {
            return reconcile(state, now, false);
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
            if (!(e instanceof StaleRoutingException)) {
                throw e;
            }
            return reconcile(state.with(state.status(), state.reason(), stats, now), now, false);
        }
        boolean done = nextPercent == 100;
        return state.advanced(nextIndex, change.after().revision(), done ? RolloutStatus.COMPLETED : RolloutStatus.RUNNING,
                (done ? "completed: " + candidate + " takes 100%" : "advanced to " + nextPercent + "%") + "; " + held,
                stats, now);
    }

    /**
     * The rollout after finding the routing at another revision than the one it last wrote. A
     * change by anyone other than {@value #ACTOR} aborts it, and the reason names that change. When
     * every change since was written by {@value #ACTOR}, they are this rollout's own (one rollout
     * per workflow): a step or rollback written by another controller sharing the store, or by this
     * one just before a stop or a failed store write kept it out of the state. The rollout takes it
     * over from the history, with the step's start as recorded there.
     */
    private RolloutState reconcile(RolloutState state, Instant now, boolean resuming) {
        List<RoutingChange> since = routingStore.routingHistory(state.ref()).stream()
                .filter(c -> c.revision() > state.routingRevision()).toList();
        String found = resuming ? "found when the platform resumed the rollout: " : "";
        Optional<RoutingChange> foreign = since.stream().filter(c -> !ACTOR.equals(c.by())).findFirst();
        if (foreign.isPresent()) {
            RoutingChange c = foreign.get();
            return state.with(RolloutStatus.ABORTED, found + "the routing was changed outside the rollout by " + c.by()
                    + " at " + c.at() + " (revision " + c.revision() + ": " + quote(c.why()) + ") while the rollout was at "
                    + state.stepText() + "; traffic left as that change set it", state.lastStats(), now);
        }
        if (since.isEmpty()) {
            long revision = routingStore.routing(state.ref()).revision();
            return state.with(RolloutStatus.ABORTED, found + "the routing was changed outside the rollout (revision "
                    + revision + ", the rollout wrote " + state.routingRevision() + ", and the history has nothing since)"
                    + "; traffic left as it is", state.lastStats(), now);
        }
        RoutingChange latest = since.getFirst();
        String recorded = " as the routing history records it (revision " + latest.revision() + " at " + latest.at()
                + "), which the rollout had not stored yet";
        int share = latest.after().weightOf(state.candidate()).orElse(0);
        if (share == 0 && latest.after().weightOf(state.previous()).orElse(0) == 100) {
            return state.advanced(state.stepIndex(), state.stepStartedAt(), latest.revision(), RolloutStatus.ROLLED_BACK,
                    "rolled back to " + name(state.previous()) + recorded, state.lastStats(), now);
        }
        int index = state.plan().steps().indexOf(share);
        if (index > state.stepIndex()) {
            boolean done = share == 100;
            return state.advanced(index, latest.at(), latest.revision(), done ? RolloutStatus.COMPLETED : RolloutStatus.RUNNING,
                    (done ? "completed: " + name(state.candidate()) + " takes 100%" : "advanced to " + share + "%") + recorded,
                    state.lastStats(), now);
        }
        return state.with(RolloutStatus.ABORTED, found + "the routing was changed to revision " + latest.revision() + " by "
                + ACTOR + ", giving " + name(state.candidate()) + " " + share + "%, which is no next step of this rollout at "
                + state.stepText() + "; traffic left as that change set it", state.lastStats(), now);
    }

    /**
     * Stores {@code after} in place of {@code before} unless nothing but the time changed. When
     * another controller wrote the rollout first, its state stands (the rollout is judged again
     * from it at the next tick); when the store fails, the next tick judges the stored state again.
     */
    private RolloutState record(RolloutState before, RolloutState after) {
        if (after.sameApartFromTime(before)) {
            return before;
        }
        try {
            return rolloutStore.compareAndSetRollout(after, before.version());
        } catch (DomainException e) {
            if (isStale(e)) {
                LOG.info("the rollout of {} was written by another controller meanwhile;"
                        + " its state stands", before.ref());
                try {
                    return rolloutStore.rollout(before.ref()).orElse(after);
                } catch (DomainException unreadable) {
                    return after;
                }
            }
            LOG.warn("could not store the rollout of " + before.ref() + " (" + after.status()
                    + " at " + after.stepText() + "); judging it again at the next tick", e);
            return after;
        }
    }

    private DomainException inProgress(RolloutState existing, Throwable cause) {
        return new DomainException("rollout.in-progress", 409,
                "A rollout of " + name(existing.candidate()) + " is " + existing.status() + " for " + existing.ref(),
                "Wait for it to finish, or cancel it first.", cause);
    }

    private static boolean isStale(DomainException e) {
        return e instanceof StaleRolloutException;
    }

    private static String quote(String why) {
        String text = why == null || why.isBlank() ? "no reason given" : why.strip();
        return text.length() <= QUOTED_REASON_LENGTH ? text : text.substring(0, QUOTED_REASON_LENGTH - 3) + "...";
    }

    private static String stepWhy(String candidate, int index, RolloutPlan plan, String detail) {
        return "rollout of " + candidate + " step " + (index + 1) + "/" + plan.steps().size() + " (" + detail + ")";
    }

    private String name(ReleaseId id) {
        return catalogue.release(id).map(Release::versionName).orElse(id.value());
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
