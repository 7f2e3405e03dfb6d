package com.wfp.platform.alert;

import com.wfp.platform.testing.SettableClock;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.InMemoryAlertStore;
import com.wfp.platform.port.InMemoryReleaseStore;
import com.wfp.platform.port.RecordingEventBus;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.telemetry.InMemoryReleaseMetrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlertMonitorTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final WorkflowRef ORDERS = new WorkflowRef("ada", "shop", "orders");

    private final SettableClock clock = new SettableClock(T0);
    private final InMemoryReleaseStore store = new InMemoryReleaseStore(clock);
    private final InMemoryAlertStore alertStore = new InMemoryAlertStore();
    private final InMemoryReleaseMetrics metrics = new InMemoryReleaseMetrics();
    private final RecordingEventBus events = new RecordingEventBus();
    private final AlertMonitor monitor = new AlertMonitor(alertStore, metrics, null, store, store, null, events, clock);
    private Release v1;
    private Release v2;

    @BeforeEach
    void setUp() {
        v1 = store.createRelease(NewRelease.of(ORDERS, "v1", "", "{\"format\":1,\"id\":\"a\"}", "{}", "ada", T0));
        v2 = store.createRelease(NewRelease.of(ORDERS, "v2", "", "{\"format\":1,\"id\":\"b\"}", "{}", "ada", T0));
        store.compareAndSetRouting(ORDERS, 0, RoutingConfig.empty(ORDERS)
                .withWeights(List.of(new RouteWeight(v2.id(), 100), new RouteWeight(v1.id(), 0))), "ada", "publish v2");
        monitor.onEvent(new DomainEvent.Published(ORDERS, T0, new DeploymentId("dep-1"), v2.id(), "v2",
                PublishStrategy.ALL, 1));
        monitor.setRules(new AlertRules(ORDERS, 10, Duration.ofSeconds(30), 0, Duration.ofMinutes(1), false,
                Duration.ZERO, 5, T0, "ada"));
    }

    @Test
    void onEvent_atTheFirstPublish_createsTheDefaultsOnce() {
        WorkflowRef other = new WorkflowRef("ada", "shop", "other");
        monitor.onEvent(new DomainEvent.Published(other, T0, new DeploymentId("dep-2"), v1.id(), "v1",
                PublishStrategy.ALL, 1));
        monitor.onEvent(new DomainEvent.Published(ORDERS, T0.plusSeconds(9), new DeploymentId("dep-3"), v1.id(), "v1",
                PublishStrategy.ALL, 2));

        assertThat(monitor.rules(other)).isEqualTo(AlertRules.defaults(other, T0));
        assertThat(monitor.rules(ORDERS).maxErrorRatePercent()).as("edited rules kept").isEqualTo(10);
    }

    @Test
    void evaluateAll_whenAReleaseFailsAboveTheRate_firesOnceNamingItAndResolvesWhenTheWindowClears() {
        metrics.record(v2.id(), T0.minusSeconds(10), 10, 4, 20);
        metrics.record(v1.id(), T0.minusSeconds(10), 10, 0, 20);

        monitor.evaluateAll();
        clock.set(T0.plusSeconds(2));
        monitor.evaluateAll();

        List<DomainEvent.AlertFired> fired = events.events(DomainEvent.AlertFired.class);
        assertThat(fired).hasSize(1);
        Alert alert = fired.getFirst().alert();
        assertThat(alert.kind()).isEqualTo(AlertKind.ERROR_RATE);
        assertThat(alert.releaseId()).isEqualTo(v2.id());
        assertThat(alert.version()).isEqualTo("v2");
        assertThat(alert.reason()).isEqualTo("error rate 40.0% over the last 30s (4 of 10 calls) is above 10%");

        clock.set(T0.plusSeconds(25));
        monitor.evaluateAll();

        List<DomainEvent.AlertResolved> resolved = events.events(DomainEvent.AlertResolved.class);
        assertThat(resolved).hasSize(1);
        assertThat(resolved.getFirst().alert().id()).isEqualTo(alert.id());
        assertThat(resolved.getFirst().alert().resolvedAt()).isEqualTo(T0.plusSeconds(25));
        assertThat(monitor.alerts(ORDERS, 10)).extracting(Alert::state).containsExactly("resolved");
    }

    @Test
    void evaluateAll_withFewerCallsThanTheMinimum_firesNothing() {
        metrics.record(v2.id(), T0.minusSeconds(5), 4, 4, 20);

        monitor.evaluateAll();

        assertThat(events.events(DomainEvent.AlertFired.class)).isEmpty();
    }

    @Test
    void evaluateAll_whenP95IsAboveTheRule_firesAP95Alert() {
        monitor.setRules(new AlertRules(ORDERS, 100, Duration.ofSeconds(30), 500, Duration.ofSeconds(30), false,
                Duration.ZERO, 5, T0, "ada"));
        metrics.record(v1.id(), T0.minusSeconds(5), 10, 0, 900);

        monitor.evaluateAll();

        assertThat(events.events(DomainEvent.AlertFired.class)).singleElement()
                .satisfies(f -> assertThat(f.alert().reason()).startsWith("p95 latency 900 ms").endsWith("above 500 ms"));
    }

    /** A fleet whose answer the test sets: the pods, or a failure to read them. */
    private static final class SettableFleet implements com.wfp.platform.port.PodFleet {
        private volatile List<com.wfp.platform.pod.PodSummary> pods = List.of();
        private volatile RuntimeException failure;

        @Override
        public List<com.wfp.platform.pod.PodSummary> pods() {
            if (failure != null) {
                throw failure;
            }
            return pods;
        }

        @Override
        public com.wfp.platform.pod.PodPlan plan(String user) {
            return com.wfp.platform.pod.PodPlan.defaults();
        }

        @Override
        public com.wfp.platform.pod.PodSummary setPlan(String user, com.wfp.platform.pod.PodPlan plan, boolean restartNow) {
            throw new UnsupportedOperationException("the alert monitor only reads pods; it never changes a plan");
        }
    }

    private static com.wfp.platform.pod.PodSummary pod(String state) {
        return new com.wfp.platform.pod.PodSummary("ada", "production", state, -1, 0, 0, 0, 0, Duration.ZERO, List.of(),
                com.wfp.platform.pod.PodPlan.defaults(), false);
    }

    @Test
    void evaluateAll_whenThePodStatesCannotBeRead_keepsPodDownAsItIs_andStillJudgesTheOtherRules() {
        SettableFleet fleet = new SettableFleet();
        AlertMonitor watching = AlertMonitor.countingCallsWith((ref, from, to) -> 0, alertStore, metrics, store, store,
                fleet, events, clock);
        watching.setRules(new AlertRules(ORDERS, 10, Duration.ofSeconds(30), 0, Duration.ofMinutes(1), true,
                Duration.ZERO, 5, T0, "ada"));
        fleet.pods = List.of(pod("unreachable"));
        watching.evaluateAll();
        assertThat(events.events(DomainEvent.AlertFired.class)).extracting(f -> f.alert().kind())
                .containsExactly(AlertKind.POD_DOWN);

        fleet.failure = new IllegalStateException("ECS did not answer");
        metrics.record(v2.id(), T0.minusSeconds(5), 10, 9, 20);
        clock.set(T0.plusSeconds(2));
        watching.evaluateAll();

        assertThat(events.events(DomainEvent.AlertResolved.class)).as("an unknown pod state resolves nothing").isEmpty();
        assertThat(events.events(DomainEvent.AlertFired.class)).extracting(f -> f.alert().kind())
                .containsExactly(AlertKind.POD_DOWN, AlertKind.ERROR_RATE);
        assertThat(watching.lastFailure()).contains("ECS did not answer");

        fleet.failure = null;
        fleet.pods = List.of(pod("ready"));
        watching.evaluateAll();
        assertThat(events.events(DomainEvent.AlertResolved.class)).extracting(r -> r.alert().kind())
                .containsExactly(AlertKind.POD_DOWN);
    }

    @Test
    void evaluateAll_countingCallsWithTheHostsCounter_firesNoCallsWhenItCountsNone() {
        java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
        AlertMonitor counting = AlertMonitor.countingCallsWith((ref, from, to) -> calls.get(), alertStore, metrics, store,
                store, null, events, clock);
        counting.setRules(new AlertRules(ORDERS, 100, Duration.ofSeconds(30), 0, Duration.ofMinutes(1), false,
                Duration.ofMinutes(5), 5, T0, "ada"));
        clock.set(T0.plusSeconds(3600));
        calls.set(3);
        counting.evaluateAll();
        assertThat(events.events(DomainEvent.AlertFired.class)).isEmpty();

        calls.set(0);
        counting.evaluateAll();
        assertThat(events.events(DomainEvent.AlertFired.class)).singleElement()
                .satisfies(f -> assertThat(f.alert().kind()).isEqualTo(AlertKind.NO_CALLS));
    }

    @Test
    void setRules_tellsTheListener_afterTheRulesAreSaved() {
        List<AlertRules> told = new java.util.ArrayList<>();
        monitor.onRulesSet(rules -> {
            assertThat(alertStore.rules(rules.ref())).contains(rules);
            told.add(rules);
        });
        AlertRules tighter = new AlertRules(ORDERS, 2, Duration.ofMinutes(2), 800, Duration.ofMinutes(5), true,
                Duration.ZERO, 20, T0, "ada");

        monitor.setRules(tighter);

        assertThat(told).containsExactly(tighter);
    }

    @Test
    void health_followsTheAlertsFiringElseTheCalls() {
        assertThat(monitor.health(ORDERS).state()).isEqualTo(WorkflowHealth.State.IDLE);
        assertThat(monitor.health(ORDERS).reason()).isEqualTo("no calls in the last 5m");

        metrics.record(v1.id(), T0.minusSeconds(10), 10, 0, 20);
        assertThat(monitor.health(ORDERS).state()).isEqualTo(WorkflowHealth.State.HEALTHY);
        assertThat(monitor.health(ORDERS).reason()).startsWith("10 calls, 0.0% errors");

        metrics.record(v2.id(), T0.minusSeconds(10), 10, 5, 20);
        monitor.evaluateAll();
        WorkflowHealth failing = monitor.health(ORDERS);
        assertThat(failing.state()).isEqualTo(WorkflowHealth.State.FAILING);
        assertThat(failing.reason()).startsWith("error_rate: error rate 50.0%").endsWith("(v2)");
        assertThat(failing.firing()).hasSize(1);
        assertThat(failing.calls()).isEqualTo(20);
        assertThat(failing.errors()).isEqualTo(5);
    }
}
