package com.wfp.platform.rollout;

import com.wfp.platform.testing.SettableClock;
import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.InMemoryPodManager;
import com.wfp.platform.port.InMemoryReleaseStore;
import com.wfp.platform.port.InterferingReleaseStore;
import com.wfp.platform.port.RecordingEventBus;
import com.wfp.platform.port.ReleaseStore;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingChange;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.telemetry.InMemoryReleaseMetrics;
import com.wfp.platform.telemetry.ReleaseMetrics;
import com.wfp.platform.traffic.TrafficService;
import com.wfp.workflow.error.DomainException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolloutControllerTest {

    private static final WorkflowRef ORDERS = new WorkflowRef("alice", "shop", "order-intake");
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final RolloutGuard GUARD = new RolloutGuard(0.05, 800, 100, Duration.ofSeconds(60));
    private static final RolloutPlan PLAN = new RolloutPlan("v2", List.of(10, 50, 100), Duration.ofMinutes(5), GUARD);
    private final SettableClock clock = new SettableClock(T0);
    private final InMemoryReleaseStore store = new InMemoryReleaseStore(clock);
    private final InMemoryPodManager pods = new InMemoryPodManager();
    private final RecordingEventBus events = new RecordingEventBus();
    private final TrafficService traffic = new TrafficService(store, store, pods, events, clock);
    private final InMemoryReleaseMetrics metrics = new InMemoryReleaseMetrics();
    private final RolloutController controller = new RolloutController(traffic, store, store, store, metrics, clock);
    private Release v1;
    private Release v2;

    @BeforeEach
    void setUp() {
        pods.ensurePod(ORDERS.user());
        v1 = loaded("v1");
        v2 = loaded("v2");
        store.compareAndSetRouting(ORDERS, 0, RoutingConfig.empty(ORDERS)
                .withWeights(List.of(new RouteWeight(v2.id(), 0), new RouteWeight(v1.id(), 100))), "alice", "publish v2 staged");
    }

    private Release loaded(String version) {
        String definition = "{\"format\":1,\"id\":\"order-intake\",\"name\":\"" + version + "\"}";
        Release r = store.createRelease(NewRelease.of(ORDERS, version, "", definition, "{}", "alice", T0));
        pods.load(ORDERS.user(), r.id(), ORDERS.workflow(), version, definition);
        return r;
    }

    private RolloutState tickAt(Instant now) {
        return tickAt(controller, now);
    }

    private RolloutState tickAt(RolloutController rollouts, Instant now) {
        clock.set(now);
        rollouts.tick(now);
        return rollouts.state(ORDERS).orElseThrow();
    }

    /** The controller of a platform started again on the same store: nothing in memory, no statistics yet. */
    private RolloutController restartedOn(ReleaseStore releaseStore, ReleaseMetrics releaseMetrics) {
        return new RolloutController(new TrafficService(releaseStore, releaseStore, pods, events, clock), releaseStore, releaseStore, releaseStore, releaseMetrics,
                clock);
    }

    private int weightOf(Release release) {
        return store.routing(ORDERS).weightOf(release.id()).orElseThrow();
    }

    private static Instant at(int minutes, int seconds) {
        return T0.plus(Duration.ofMinutes(minutes)).plusSeconds(seconds);
    }

    @Test
    void start_givesTheCandidateTheFirstStepAndRecordsWhy() {
        RolloutState state = controller.start(ORDERS, PLAN, "alice");

        assertThat(state.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(state.percent()).isEqualTo(10);
        assertThat(state.previous()).isEqualTo(v1.id());
        assertThat(weightOf(v2)).isEqualTo(10);
        assertThat(weightOf(v1)).isEqualTo(90);
        RoutingChange entry = store.routingHistory(ORDERS).getFirst();
        assertThat(entry.by()).isEqualTo("alice");
        assertThat(entry.why()).startsWith("shift v2 to 10%: v2 10%, v1 90% (was v2 0%, v1 100%); reason: rollout of v2 step 1/3");
    }

    @Test
    void tick_whenTheGuardHoldsAndEachIntervalPasses_advancesStepByStepToCompleted() {
        controller.start(ORDERS, PLAN, "alice");

        metrics.record(v2.id(), at(0, 50), 200, 2, 120);
        RolloutState early = tickAt(at(1, 0));
        assertThat(early.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(early.reason()).contains("next step at " + at(5, 0));
        assertThat(weightOf(v2)).isEqualTo(10);

        metrics.record(v2.id(), at(4, 30), 300, 3, 150);
        RolloutState second = tickAt(at(5, 0));
        assertThat(second.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(second.percent()).isEqualTo(50);
        assertThat(weightOf(v2)).isEqualTo(50);
        RoutingChange entry = store.routingHistory(ORDERS).getFirst();
        assertThat(entry.by()).isEqualTo(RolloutController.ACTOR);
        assertThat(entry.why()).contains("rollout of v2 step 2/3 (started by alice; guard held: error rate 1% <= 5%, "
                + "p95 150 ms <= 800 ms over 60 s (n=300))");

        metrics.record(v2.id(), at(9, 30), 1_000, 0, 90);
        RolloutState done = tickAt(at(10, 0));
        assertThat(done.status()).isEqualTo(RolloutStatus.COMPLETED);
        assertThat(weightOf(v2)).isEqualTo(100);
        assertThat(weightOf(v1)).as("the previous release stays listed, demoted").isZero();

        int changes = store.routingHistory(ORDERS).size();
        tickAt(at(20, 0));
        assertThat(store.routingHistory(ORDERS)).as("a finished rollout does nothing more").hasSize(changes);
    }

    @Test
    void tick_whenTooFewRequestsReachTheCandidate_pausesWithoutAdvancingThenResumes() {
        controller.start(ORDERS, PLAN, "alice");
        metrics.record(v2.id(), at(5, 10), 12, 0, 100);

        RolloutState paused = tickAt(at(5, 30));

        assertThat(paused.status()).isEqualTo(RolloutStatus.PAUSED);
        assertThat(paused.reason()).isEqualTo("paused at step 1/3 (10%): 12 requests to v2 over 60 s, fewer than the 100 needed to judge it");
        assertThat(paused.lastStats().requests()).isEqualTo(12);
        assertThat(weightOf(v2)).isEqualTo(10);

        metrics.record(v2.id(), at(6, 0), 150, 0, 100);
        RolloutState resumed = tickAt(at(6, 10));
        assertThat(resumed.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(resumed.percent()).isEqualTo(50);
        assertThat(weightOf(v2)).isEqualTo(50);
    }

    @Test
    void tick_whenTheErrorRateCrossesTheGuard_rollsAllTrafficBackAndTheHistorySaysWhy() {
        controller.start(ORDERS, PLAN, "alice");
        metrics.record(v2.id(), at(0, 30), 400, 92, 100);

        RolloutState state = tickAt(at(1, 0));

        assertThat(state.status()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(state.reason()).isEqualTo("rolled back to v1: error rate 23% > 5% over 60 s (n=400)");
        assertThat(weightOf(v1)).isEqualTo(100);
        assertThat(weightOf(v2)).isZero();
        RoutingChange entry = store.routingHistory(ORDERS).getFirst();
        assertThat(entry.by()).isEqualTo(RolloutController.ACTOR);
        assertThat(entry.why()).startsWith("rollback from v2 to v1: ")
                .endsWith("reason: automatic rollback of v2 at step 1/3 (10%) of its rollout (started by alice): "
                        + "error rate 23% > 5% over 60 s (n=400)");
        assertThat(events.events(DomainEvent.RolledBack.class)).singleElement().satisfies(e -> {
            assertThat(e.fromRelease()).as("the candidate is what is rolled back, at 10%% as it was").isEqualTo(v2.id());
            assertThat(e.toRelease()).isEqualTo(v1.id());
            assertThat(e.by()).isEqualTo(RolloutController.ACTOR);
        });

        int changes = store.routingHistory(ORDERS).size();
        metrics.record(v2.id(), at(6, 0), 500, 0, 100);
        assertThat(tickAt(at(6, 30)).status()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(store.routingHistory(ORDERS)).hasSize(changes);
    }

    @Test
    void tick_whenTheP95CrossesTheGuardAtALaterStep_rollsBackToThePreviousRelease() {
        controller.start(ORDERS, PLAN, "alice");
        metrics.record(v2.id(), at(4, 30), 200, 0, 100);
        assertThat(tickAt(at(5, 0)).percent()).isEqualTo(50);

        metrics.record(v2.id(), at(6, 0), 190, 0, 300).record(v2.id(), at(6, 1), 20, 0, 1_500);
        RolloutState state = tickAt(at(6, 30));

        assertThat(state.status()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(state.reason()).isEqualTo("rolled back to v1: p95 1500 ms > 800 ms over 60 s (n=210)");
        assertThat(weightOf(v1)).isEqualTo(100);
        assertThat(store.routingHistory(ORDERS).getFirst().why())
                .endsWith("automatic rollback of v2 at step 2/3 (50%) of its rollout (started by alice): "
                        + "p95 1500 ms > 800 ms over 60 s (n=210)");
    }

    @Test
    void tick_whenSomeoneElseChangedTheRouting_abortsAndLeavesTrafficAlone() {
        controller.start(ORDERS, PLAN, "alice");
        traffic.promote(ORDERS, "v1", "bob", "not today");
        RoutingConfig afterBob = store.routing(ORDERS);
        metrics.record(v2.id(), at(4, 30), 200, 0, 100);

        RolloutState state = tickAt(at(5, 0));

        assertThat(state.status()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(state.reason()).contains("changed outside the rollout");
        assertThat(store.routing(ORDERS)).isEqualTo(afterBob);
    }

    @Test
    void start_whenARolloutIsRunning_fails409_andCancelStopsIt() {
        controller.start(ORDERS, PLAN, "alice");

        assertThatThrownBy(() -> controller.start(ORDERS, PLAN, "bob"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("rollout.in-progress"));

        RolloutState cancelled = controller.cancel(ORDERS, "bob");
        assertThat(cancelled.status()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(cancelled.reason()).isEqualTo("cancelled by bob at step 1/3 (10%); traffic left as it is");
        assertThat(weightOf(v2)).isEqualTo(10);
    }

    @Test
    void start_whenTheCandidateAlreadyServesMostTraffic_fails409() {
        RolloutPlan backwards = new RolloutPlan("v1", List.of(50, 100), Duration.ofMinutes(1), GUARD);

        assertThatThrownBy(() -> controller.start(ORDERS, backwards, "alice"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("rollout.nothing-to-replace"));
    }

    @Test
    void plan_whenStepsDoNotRiseTo100_isRefused() {
        assertThatThrownBy(() -> new RolloutPlan("v2", List.of(10, 10, 100), Duration.ofMinutes(1), GUARD))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("rollout.invalid-plan"));
        assertThatThrownBy(() -> new RolloutPlan("v2", List.of(10, 50), Duration.ofMinutes(1), GUARD))
                .isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> new RolloutGuard(1.5, 800, 100, Duration.ofSeconds(60)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("rollout.invalid-guard"));
    }

    @Test
    void schedule_ticksOnItsOwnUntilTheRolloutCompletes() throws Exception {
        Clock system = Clock.systemUTC();
        TrafficService liveTraffic = new TrafficService(store, store, pods, events, system);
        // Steady, healthy traffic: every look at the window finds 150 more fast, successful calls.
        InMemoryReleaseMetrics recorded = new InMemoryReleaseMetrics();
        ReleaseMetrics busy = (id, from, to) -> recorded.record(id, to.minusMillis(1), 150, 0, 50).stats(id, from, to);
        RolloutController live = new RolloutController(liveTraffic, store, store, store, busy, system);
        live.start(ORDERS, new RolloutPlan("v2", List.of(20, 60, 100), Duration.ofMillis(20), GUARD), "alice");
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            ScheduledFuture<?> ticking = live.schedule(scheduler, Duration.ofMillis(10));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (live.state(ORDERS).orElseThrow().status() != RolloutStatus.COMPLETED && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            ticking.cancel(false);
        } finally {
            scheduler.shutdownNow();
        }
        assertThat(live.state(ORDERS).orElseThrow().status()).isEqualTo(RolloutStatus.COMPLETED);
        assertThat(weightOf(v2)).isEqualTo(100);
    }

    // ---- durable state: restarts and several controllers ----

    @Test
    void resume_afterARestartMidRollout_carriesOnAtTheSameStepWithTheIntervalCountedFromTheStepsStart() {
        controller.start(ORDERS, PLAN, "alice");
        metrics.record(v2.id(), at(4, 30), 200, 0, 100);
        RolloutState beforeStop = tickAt(at(5, 0));
        assertThat(beforeStop.percent()).isEqualTo(50);

        clock.set(at(8, 0));
        InMemoryReleaseMetrics afterRestart = new InMemoryReleaseMetrics();
        RolloutController restarted = restartedOn(store, afterRestart);
        List<RolloutState> resumed = restarted.resume();

        assertThat(resumed).containsExactly(beforeStop);
        assertThat(restarted.state(ORDERS)).contains(beforeStop);
        RolloutState waiting = tickAt(restarted, at(8, 1));
        assertThat(waiting.status()).as("no statistics survive a restart").isEqualTo(RolloutStatus.PAUSED);
        assertThat(waiting.percent()).isEqualTo(50);
        assertThat(waiting.stepStartedAt()).isEqualTo(at(5, 0));

        afterRestart.record(v2.id(), at(9, 30), 200, 0, 100);
        RolloutState before = tickAt(restarted, at(9, 59));
        assertThat(before.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(before.reason()).contains("next step at " + at(10, 0));
        RolloutState done = tickAt(restarted, at(10, 0));
        assertThat(done.status()).as("5 minutes after the step began at 5:00, not after the restart at 8:00")
                .isEqualTo(RolloutStatus.COMPLETED);
        assertThat(weightOf(v2)).isEqualTo(100);
        assertThat(store.activeRollouts()).isEmpty();
        assertThat(restartedOn(store, afterRestart).state(ORDERS)).as("a finished rollout stays readable").contains(done);
    }

    @Test
    void resume_whenSomeoneChangedTheRoutingWhileThePlatformWasDown_abortsNamingThatChange() {
        controller.start(ORDERS, PLAN, "alice");
        clock.set(at(3, 0));
        traffic.promote(ORDERS, "v1", "bob", "not today");
        RoutingConfig afterBob = store.routing(ORDERS);

        clock.set(at(9, 0));
        RolloutController restarted = restartedOn(store, metrics);
        List<RolloutState> resumed = restarted.resume();

        assertThat(resumed).singleElement().satisfies(state -> {
            assertThat(state.status()).isEqualTo(RolloutStatus.ABORTED);
            assertThat(state.reason())
                    .startsWith("found when the platform resumed the rollout: the routing was changed outside the rollout"
                            + " by bob at " + at(3, 0) + " (revision 3: promote v1 to 100%")
                    .contains("reason: not today")
                    .endsWith(") while the rollout was at step 1/3 (10%); traffic left as that change set it");
            assertThat(store.rollout(ORDERS)).contains(state);
        });
        assertThat(store.activeRollouts()).isEmpty();
        metrics.record(v2.id(), at(9, 30), 200, 0, 100);
        assertThat(tickAt(restarted, at(10, 0)).status()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(store.routing(ORDERS)).isEqualTo(afterBob);
    }

    @Test
    void resume_whenAStepWasWrittenButNotStoredBeforeTheStop_takesItOverFromTheHistoryWithoutRepeatingIt() {
        InterferingReleaseStore failing = new InterferingReleaseStore(store);
        RolloutController stopped = restartedOn(failing, metrics);
        stopped.start(ORDERS, PLAN, "alice");
        metrics.record(v2.id(), at(4, 30), 200, 0, 100);
        failing.beforeNextRolloutCompareAndSet(() -> {
            throw DomainException.unavailable("store.unavailable", "the platform stopped", "Start it again.", null);
        });
        tickAt(stopped, at(5, 0));
        assertThat(weightOf(v2)).isEqualTo(50);
        assertThat(store.rollout(ORDERS).orElseThrow().percent()).as("the step never reached the rollout").isEqualTo(10);
        int changes = store.routingHistory(ORDERS).size();

        clock.set(at(7, 0));
        List<RolloutState> resumed = restartedOn(store, metrics).resume();

        assertThat(resumed).singleElement().satisfies(state -> {
            assertThat(state.status()).isEqualTo(RolloutStatus.RUNNING);
            assertThat(state.percent()).isEqualTo(50);
            assertThat(state.stepStartedAt()).isEqualTo(at(5, 0));
            assertThat(state.routingRevision()).isEqualTo(store.routing(ORDERS).revision());
            assertThat(state.reason()).startsWith("advanced to 50% as the routing history records it (revision 3 at "
                    + at(5, 0) + ")");
        });
        assertThat(store.routingHistory(ORDERS)).hasSize(changes);
    }

    @Test
    void tick_whenTwoControllersJudgeTheSameStepAtOnce_oneWritesItAndTheOtherLosesTheCompareAndSetWithoutAborting() {
        InterferingReleaseStore racing = new InterferingReleaseStore(store);
        RolloutController other = restartedOn(racing, metrics);
        controller.start(ORDERS, PLAN, "alice");
        metrics.record(v2.id(), at(4, 30), 200, 0, 100);
        clock.set(at(5, 0));
        // The other controller has read the rollout and judged it; this one writes the step right before it does.
        racing.beforeNextCompareAndSet(() -> controller.tick(at(5, 0)));

        List<RolloutState> seenByOther = other.tick(at(5, 0));

        RolloutState stored = store.rollout(ORDERS).orElseThrow();
        assertThat(stored.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(stored.percent()).isEqualTo(50);
        assertThat(stored.version()).as("started, then one step; the other controller's write lost").isEqualTo(2);
        assertThat(stored.reason()).as("the state the winner wrote, not the loser's take-over from the history")
                .startsWith("advanced to 50%; guard held");
        assertThat(seenByOther).containsExactly(stored);
        assertThat(weightOf(v2)).isEqualTo(50);
        assertThat(store.routingHistory(ORDERS)).filteredOn(c -> c.why().contains("rollout of v2 step 2/3")).hasSize(1);
    }

    @Test
    void start_whenAnotherControllerStartsOneAtTheSameTime_fails409AndTheirsStands() {
        InterferingReleaseStore racing = new InterferingReleaseStore(store);
        RolloutController other = restartedOn(racing, metrics);
        racing.beforeNextRolloutCompareAndSet(() -> controller.start(ORDERS, PLAN, "bob"));

        assertThatThrownBy(() -> other.start(ORDERS, PLAN, "alice"))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("rollout.in-progress");
                    assertThat(e.getCause()).isInstanceOfSatisfying(DomainException.class,
                            cause -> assertThat(cause.code()).isEqualTo("rollout.stale-version"));
                });

        RolloutState stored = store.rollout(ORDERS).orElseThrow();
        assertThat(stored.startedBy()).isEqualTo("bob");
        assertThat(stored.version()).isEqualTo(1);
        assertThat(weightOf(v2)).isEqualTo(10);
    }

    @Test
    void cancel_onOneController_stopsTheTicksOfAnotherSharingTheStore() {
        RolloutController other = restartedOn(store, metrics);
        controller.start(ORDERS, PLAN, "alice");

        other.cancel(ORDERS, "bob");
        metrics.record(v2.id(), at(4, 30), 200, 0, 100);

        assertThat(tickAt(controller, at(5, 0)).status()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(weightOf(v2)).isEqualTo(10);
        assertThatThrownBy(() -> controller.cancel(ORDERS, "alice"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("rollout.not-running"));
    }
}
