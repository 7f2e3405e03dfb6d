package com.wfp.platform.routing;

import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.DeploymentStep;
import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.deployment.StepOutcome;
import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.InMemoryPodManager;
import com.wfp.platform.port.InMemoryReleaseStore;
import com.wfp.platform.port.InterferingReleaseStore;
import com.wfp.platform.port.RecordingEventBus;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.traffic.TrafficService;
import com.wfp.workflow.error.DomainException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingCacheTest {

    private static final WorkflowRef ORDERS = new WorkflowRef("alice", "shop", "order-intake");
    private static final WorkflowRef REFUNDS = new WorkflowRef("alice", "shop", "refunds");
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private final InterferingReleaseStore store = new InterferingReleaseStore(new InMemoryReleaseStore());
    private final RecordingEventBus events = new RecordingEventBus();
    private final TrafficService traffic = new TrafficService(store, store, new InMemoryPodManager(), events,
            Clock.fixed(T0, ZoneOffset.UTC));
    private final AtomicLong nanos = new AtomicLong();
    private RoutingCache cache;
    private Release v1;
    private Release v2;

    @BeforeEach
    void setUp() {
        v1 = release(ORDERS, "v1");
        v2 = release(ORDERS, "v2");
        store.compareAndSetRouting(ORDERS, 0, RoutingConfig.empty(ORDERS)
                .withWeights(List.of(new RouteWeight(v1.id(), 100), new RouteWeight(v2.id(), 0))), "alice", "publish");
        cache = new RoutingCache(store, store, events, null, nanos::get);
    }

    @AfterEach
    void close() {
        cache.close();
    }

    private Release release(WorkflowRef ref, String version) {
        String definition = "{\"format\":1,\"id\":\"" + ref.workflow() + "\",\"name\":\"" + version + "\"}";
        return store.createRelease(NewRelease.of(ref, version, "", definition, "{}", "alice", T0));
    }

    @Test
    void decide_whenWarm_neverReadsTheStore() {
        cache.decide(ORDERS, null, null, null, 1);
        int routingReads = store.routingReads();
        int releaseReads = store.releaseReads();

        for (int i = 0; i < 10_000; i++) {
            assertThat(cache.decide(ORDERS, null, null, null, i * 31L).releaseId()).isEqualTo(v1.id());
        }

        assertThat(store.routingReads()).isEqualTo(routingReads);
        assertThat(store.releaseReads()).isEqualTo(releaseReads);
        assertThat(cache.loads()).isEqualTo(1);
    }

    @Test
    void decide_afterATrafficChange_usesTheNewRouting() {
        assertThat(cache.decide(ORDERS, null, null, null, 1).versionName()).isEqualTo("v1");

        traffic.promote(ORDERS, "v2", "bob", "");

        assertThat(cache.decide(ORDERS, null, null, null, 1).versionName()).isEqualTo("v2");
        assertThat(cache.decider(ORDERS).revision()).isEqualTo(store.routing(ORDERS).revision());
    }

    @Test
    void decide_afterARollbackOrAPublishEvent_reloadsOnlyThatWorkflow() {
        Release refund = release(REFUNDS, "r1");
        store.compareAndSetRouting(REFUNDS, 0, RoutingConfig.empty(REFUNDS)
                .withWeights(List.of(new RouteWeight(refund.id(), 100))), "alice", "publish");
        cache.decider(ORDERS);
        cache.decider(REFUNDS);

        events.publish(new DomainEvent.RolledBack(ORDERS, T0, v2.id(), v1.id(), "bob"));
        cache.decider(ORDERS);
        cache.decider(REFUNDS);
        assertThat(cache.loads()).isEqualTo(3);

        events.publish(new DomainEvent.Published(REFUNDS, T0, DeploymentId.newId(), refund.id(), "r1", PublishStrategy.ALL, 1));
        cache.decider(ORDERS);
        cache.decider(REFUNDS);
        assertThat(cache.loads()).isEqualTo(4);
    }

    @Test
    void decide_afterProgressEvents_keepsTheEntry() {
        cache.decider(ORDERS);

        events.publish(new DomainEvent.DeploymentProgress(ORDERS, T0, DeploymentId.newId(), DeploymentStep.LOAD,
                StepOutcome.RUNNING, 40, 1_000));
        cache.decider(ORDERS);

        assertThat(cache.loads()).isEqualTo(1);
    }

    @Test
    void decider_whenTheRoutingChangesWhileItLoads_doesNotCacheWhatItReadBefore() {
        store.afterNextRoutingRead(() -> traffic.promote(ORDERS, "v2", "bob", "racing the load"));

        RouteDecider racing = cache.decider(ORDERS);
        RouteDecider next = cache.decider(ORDERS);

        assertThat(racing.decide(null, null, null, 1).versionName()).isEqualTo("v1");
        assertThat(next.decide(null, null, null, 1).versionName()).isEqualTo("v2");
        assertThat(cache.loads()).isEqualTo(2);
    }

    @Test
    void decide_whileTrafficChangesUnderConcurrentCallers_endsOnTheLastRoutingEverywhere() throws Exception {
        int threads = 4;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        AtomicBoolean changing = new AtomicBoolean(true);
        CountDownLatch deciding = new CountDownLatch(threads);
        List<Future<Long>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(callers.submit(() -> {
                long decisions = 0;
                while (changing.get()) {
                    if (decisions == 1) {
                        deciding.countDown();
                    }
                    RouteDecider decider = cache.decider(ORDERS);
                    assertThat(decider.decide(null, null, null, decisions * 0x9e3779b97f4a7c15L).versionName()).isIn("v1", "v2");
                    decisions++;
                }
                return decisions;
            }));
        }
        assertThat(deciding.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 50; i++) {
            traffic.promote(ORDERS, i % 2 == 0 ? "v2" : "v1", "bob", "flip " + i);
        }
        changing.set(false);
        for (Future<Long> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS)).isPositive();
        }
        callers.shutdown();

        RouteDecider last = cache.decider(ORDERS);
        assertThat(last.revision()).isEqualTo(store.routing(ORDERS).revision());
        assertThat(last.decide(null, null, null, 1).versionName()).isEqualTo("v1");
    }

    @Test
    void decider_whenOlderThanTheMaximumAge_reloads() {
        RoutingCache aging = new RoutingCache(store, store, events, Duration.ofSeconds(5), nanos::get);
        aging.decider(ORDERS);
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        aging.decider(ORDERS);
        assertThat(aging.loads()).isEqualTo(1);

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        aging.decider(ORDERS);
        assertThat(aging.loads()).isEqualTo(2);
        aging.close();
    }

    @Test
    void close_stopsListening() {
        cache.decider(ORDERS);
        cache.close();

        traffic.promote(ORDERS, "v2", "bob", "");

        assertThat(cache.decide(ORDERS, null, null, null, 1).versionName()).isEqualTo("v1");
    }

    @Test
    void decide_whenTheWorkflowWasNeverRouted_failsNotRouted() {
        assertThatThrownBy(() -> cache.decide(REFUNDS, null, null, null, 1))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("route.not-routed"));
    }

    @Test
    void refreshedByAge_whenTheRoutingChanges_servesTheNewRoutingOnceTheMaximumAgeHasPassed() throws Exception {
        try (RoutingCache byAge = RoutingCache.refreshedByAge(store, store, Duration.ofMillis(50))) {
            assertThat(byAge.decide(ORDERS, null, null, null, 1).releaseId()).isEqualTo(v1.id());

            traffic.promote(ORDERS, "v2", "alice", "v2 is good");
            Thread.sleep(60);

            assertThat(byAge.decide(ORDERS, null, null, null, 1).releaseId()).isEqualTo(v2.id());
        }
    }

    @Test
    void decider_forWorkflowsThatWereNeverRouted_keepsNothingOfThem() {
        cache.decide(ORDERS, null, null, null, 1);

        for (int i = 0; i < 1_000; i++) {
            assertThat(cache.decider(new WorkflowRef("mallory", "junk", "made-up-" + i)).serves()).isFalse();
        }

        assertThat(cache.cachedWorkflows()).isEqualTo(1);
    }

    @Test
    void decider_afterATrafficChange_reloadsTheRoutingButNoReleaseItAlreadyNamed() {
        cache.decide(ORDERS, null, null, null, 1);
        int releaseReads = store.releaseReads();

        traffic.promote(ORDERS, "v2", "alice", "v2 is good");
        int readsByThePromotion = store.releaseReads() - releaseReads;

        assertThat(cache.decide(ORDERS, null, null, null, 1).releaseId()).isEqualTo(v2.id());
        assertThat(store.releaseReads() - releaseReads).isEqualTo(readsByThePromotion);
    }
}
