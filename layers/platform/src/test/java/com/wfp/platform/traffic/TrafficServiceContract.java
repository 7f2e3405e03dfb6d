package com.wfp.platform.traffic;

import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.InMemoryPodManager;
import com.wfp.platform.port.InterferingReleaseStore;
import com.wfp.platform.port.RecordingEventBus;
import com.wfp.platform.port.ReleaseStore;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingChange;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.Shadow;
import com.wfp.platform.routing.Stickiness;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Traffic operations against a real store (each store module runs it with its own adapter) and
 * an in-memory pod manager that records what it was asked to load.
 */
public abstract class TrafficServiceContract {

    protected static final WorkflowRef ORDERS = new WorkflowRef("alice", "shop", "order-intake");
    protected static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    /** A fresh, empty store. */
    protected abstract ReleaseStore newStore();

    protected InterferingReleaseStore store;
    protected InMemoryPodManager pods;
    protected RecordingEventBus events;
    protected TrafficService traffic;

    @BeforeEach
    void setUp() {
        store = new InterferingReleaseStore(newStore());
        pods = new InMemoryPodManager();
        events = new RecordingEventBus();
        traffic = new TrafficService(store, store, pods, events, Clock.fixed(T0, ZoneOffset.UTC));
        pods.ensurePod(ORDERS.user());
    }

    protected static String definition(String version) {
        return "{\"edges\":[],\"format\":1,\"id\":\"order-intake\",\"name\":\"" + version + "\",\"nodes\":[]}";
    }

    /** A release snapshot, not loaded and not routed. */
    protected Release snapshot(String version) {
        return store.createRelease(NewRelease.of(ORDERS, version, "notes " + version, definition(version),
                "{\"valid\":true,\"findings\":[]}", "alice", T0));
    }

    /** A release as a publish leaves it: snapshot, loaded into the pod. */
    protected Release loaded(String version) {
        Release r = snapshot(version);
        pods.load(ORDERS.user(), r.id(), ORDERS.workflow(), version, r.definition());
        return r;
    }

    /**
     * A release that passed its deployment (a publish routed it, staged at 0%) and was retired
     * since: routable again, though the routing no longer names it.
     */
    protected Release retired(Release release) {
        RoutingConfig current = store.routing(ORDERS);
        List<RouteWeight> with = new ArrayList<>(current.weights());
        with.add(new RouteWeight(release.id(), current.weights().isEmpty() ? 100 : 0));
        RoutingConfig staged = store.compareAndSetRouting(ORDERS, current.revision(), current.withWeights(with), "alice",
                "publish " + release.versionName() + " (staged)");
        store.compareAndSetRouting(ORDERS, staged.revision(), staged.withWeights(current.weights()), "alice",
                "retire " + release.versionName());
        return release;
    }

    /** Stores a routing directly, as a publish would. */
    protected RoutingConfig route(Object... releaseWeightPairs) {
        List<RouteWeight> weights = new ArrayList<>();
        for (int i = 0; i < releaseWeightPairs.length; i += 2) {
            weights.add(new RouteWeight(((Release) releaseWeightPairs[i]).id(), (Integer) releaseWeightPairs[i + 1]));
        }
        RoutingConfig current = store.routing(ORDERS);
        return store.compareAndSetRouting(ORDERS, current.revision(), current.withWeights(weights), "alice", "publish");
    }

    protected Map<ReleaseId, Integer> weights() {
        Map<ReleaseId, Integer> map = new LinkedHashMap<>();
        store.routing(ORDERS).weights().forEach(w -> map.put(w.releaseId(), w.weight()));
        return map;
    }

    private static Map<String, Integer> weightsOf(Object... versionWeightPairs) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < versionWeightPairs.length; i += 2) {
            map.put((String) versionWeightPairs[i], (Integer) versionWeightPairs[i + 1]);
        }
        return map;
    }

    // ---- set weights ----

    @Test
    void setWeights_whenTheyAddUpTo100_storesThemWithAHistoryEntrySayingWhoWhatAndWhy() {
        Release v1 = loaded("v1");
        Release v2 = loaded("v2");
        RoutingConfig before = route(v1, 100, v2, 0);

        TrafficChange change = traffic.setWeights(ORDERS, before.revision(), weightsOf("v1", 70, "v2", 30), "bob",
                "more traffic for the new tax rules");

        assertThat(change.changed()).isTrue();
        assertThat(change.after().revision()).isEqualTo(before.revision() + 1);
        assertThat(weights()).containsExactly(Map.entry(v2.id(), 30), Map.entry(v1.id(), 70));
        RoutingChange entry = store.routingHistory(ORDERS).getFirst();
        assertThat(entry.by()).isEqualTo("bob");
        assertThat(entry.before()).isEqualTo(before);
        assertThat(entry.after()).isEqualTo(change.after());
        assertThat(entry.why()).isEqualTo("set weights: v2 30%, v1 70% (was v1 100%, v2 0%); reason: more traffic for the new tax rules");
        assertThat(events.events(DomainEvent.TrafficChanged.class)).singleElement()
                .satisfies(e -> assertThat(e.routing()).isEqualTo(change.after()));
    }

    @Test
    void setWeights_whenTheRevisionMoved_fails409AndChangesNothing() {
        Release v1 = loaded("v1");
        Release v2 = loaded("v2");
        RoutingConfig before = route(v1, 100, v2, 0);

        assertThatThrownBy(() -> traffic.setWeights(ORDERS, before.revision() - 1, weightsOf("v1", 50, "v2", 50), "bob", ""))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("routing.stale-revision");
                    assertThat(e.httpStatus()).isEqualTo(409);
                });
        assertThat(store.routing(ORDERS)).isEqualTo(before);
        assertThat(events.events()).isEmpty();
    }

    @Test
    void setWeights_whenTheyDoNotAddUpTo100_fails400() {
        Release v1 = loaded("v1");
        Release v2 = loaded("v2");
        RoutingConfig before = route(v1, 100, v2, 0);

        assertThatThrownBy(() -> traffic.setWeights(ORDERS, before.revision(), weightsOf("v1", 60, "v2", 30), "bob", ""))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("routing.weights-sum"))
                .hasMessageContaining("90%");
        assertThat(store.routing(ORDERS)).isEqualTo(before);
    }

    @Test
    void setWeights_whenAVersionIsUnknown_fails404NamingTheReleases() {
        Release v1 = loaded("v1");
        RoutingConfig before = route(v1, 100);

        assertThatThrownBy(() -> traffic.setWeights(ORDERS, before.revision(), weightsOf("v1", 50, "v7", 50), "bob", ""))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("traffic.unknown-version");
                    assertThat(e.httpStatus()).isEqualTo(404);
                })
                .hasMessageContaining("'v7'").hasMessageContaining("v1");
    }

    @Test
    void setWeights_whenAVersionIsNamedByItsReleaseIdAndEntersTheRouting_loadsItIntoThePodFirst() {
        Release v1 = loaded("v1");
        Release v2 = retired(snapshot("v2"));
        RoutingConfig before = route(v1, 100);

        TrafficChange change = traffic.setWeights(ORDERS, before.revision(), weightsOf("v1", 90, v2.id().value(), 10),
                "bob", "canary");

        assertThat(change.loadedIntoPod()).containsExactly(v2.id());
        assertThat(pods.loaded(ORDERS.user())).contains(v2.id());
        assertThat(weights()).containsEntry(v2.id(), 10).containsEntry(v1.id(), 90);
    }

    @Test
    void setWeights_whenARoutedReleaseIsOmitted_keepsItListedAtZero() {
        Release v1 = loaded("v1");
        Release v2 = loaded("v2");
        RoutingConfig before = route(v1, 50, v2, 50);

        traffic.setWeights(ORDERS, before.revision(), weightsOf("v2", 100), "bob", "");

        assertThat(weights()).containsExactly(Map.entry(v2.id(), 100), Map.entry(v1.id(), 0));
    }

    @Test
    void setWeights_whenTheLoadedDefinitionDiffers_failsAndLeavesRoutingAsItWas() {
        Release v1 = loaded("v1");
        Release v2 = retired(snapshot("v2"));
        RoutingConfig before = route(v1, 100);
        pods.alterDefinitionsOnLoad();

        assertThatThrownBy(() -> traffic.setWeights(ORDERS, before.revision(), weightsOf("v1", 50, "v2", 50), "bob", ""))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("pod.sha-mismatch"));
        assertThat(store.routing(ORDERS)).isEqualTo(before);
        assertThat(pods.loaded(ORDERS.user())).doesNotContain(v2.id());
    }

    // ---- promote, demote, blue/green ----

    @Test
    void promote_givesTheVersionAllTrafficAndKeepsTheOthersListedAtZero() {
        Release v1 = loaded("v1");
        Release v2 = loaded("v2");
        Release v3 = loaded("v3");
        route(v1, 80, v2, 20, v3, 0);

        TrafficChange change = traffic.promote(ORDERS, "v2", "bob", "canary looked good");

        assertThat(weights()).containsExactly(Map.entry(v3.id(), 0), Map.entry(v2.id(), 100), Map.entry(v1.id(), 0));
        assertThat(change.why()).startsWith("promote v2 to 100%: ").endsWith("reason: canary looked good");
    }

    @Test
    void promote_whenAlreadyAt100_changesNothingAndWritesNoHistory() {
        Release v1 = loaded("v1");
        RoutingConfig before = route(v1, 100);

        TrafficChange change = traffic.promote(ORDERS, "v1", "bob", "");

        assertThat(change.changed()).isFalse();
        assertThat(store.routing(ORDERS)).isEqualTo(before);
        assertThat(store.routingHistory(ORDERS)).hasSize(1);
        assertThat(events.events()).isEmpty();
    }

    @Test
    void demote_givesItsShareToTheOthersInProportion() {
        Release v1 = loaded("v1");
        Release v2 = loaded("v2");
        Release v3 = loaded("v3");
        Release v4 = loaded("v4");
        route(v1, 50, v2, 30, v3, 20, v4, 0);

        traffic.demote(ORDERS, "v1", "bob", "errors in v1");

        assertThat(weights()).containsEntry(v1.id(), 0).containsEntry(v2.id(), 60).containsEntry(v3.id(), 40)
                .containsEntry(v4.id(), 0);
    }

    @Test
    void demote_whenItIsTheOnlyServingRelease_fails409WithAHint() {
        Release v1 = loaded("v1");
        Release v2 = loaded("v2");
        RoutingConfig before = route(v1, 100, v2, 0);

        assertThatThrownBy(() -> traffic.demote(ORDERS, "v1", "bob", ""))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("traffic.last-serving-release");
                    assertThat(e.httpStatus()).isEqualTo(409);
                    assertThat(e.hint()).contains("Promote");
                });
        assertThat(store.routing(ORDERS)).isEqualTo(before);
    }

    @Test
    void blueGreenSwitch_swapsTheReleaseAt100WithTheOneAtZero() {
        Release blue = loaded("blue");
        Release green = loaded("green");
        route(blue, 100, green, 0);

        traffic.blueGreenSwitch(ORDERS, "bob", "release window");
        assertThat(weights()).containsEntry(green.id(), 100).containsEntry(blue.id(), 0);

        traffic.blueGreenSwitch(ORDERS, "bob", "switch back");
        assertThat(weights()).containsEntry(green.id(), 0).containsEntry(blue.id(), 100);
    }

    @Test
    void blueGreenSwitch_whenTrafficIsSplit_fails409() {
        Release v1 = loaded("v1");
        Release v2 = loaded("v2");
        route(v1, 50, v2, 50);

        assertThatThrownBy(() -> traffic.blueGreenSwitch(ORDERS, "bob", ""))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("traffic.not-blue-green"))
                .hasMessageContaining("v1 50%");
    }

    @Test
    void retire_dropsAReleaseAtZeroFromTheRoutingButRefusesOneThatServes() {
        Release v1 = loaded("v1");
        Release v2 = loaded("v2");
        route(v2, 100, v1, 0);

        assertThatThrownBy(() -> traffic.retire(ORDERS, "v2", "bob", ""))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("traffic.still-serving"));
        TrafficChange change = traffic.retire(ORDERS, "v1", "bob", "v1 is superseded");

        assertThat(weights()).containsExactly(Map.entry(v2.id(), 100));
        assertThat(change.why()).isEqualTo("retire v1: v2 100% (was v2 100%, v1 0%); reason: v1 is superseded");
    }

    // ---- stickiness and shadow ----

    @Test
    void setStickiness_andSetShadow_storeThemAndExplainTheChange() {
        Release v1 = loaded("v1");
        Release v2 = retired(snapshot("v2"));
        route(v1, 100);

        traffic.setStickiness(ORDERS, Stickiness.header("X-Customer-Id"), "bob", "");
        TrafficChange shadowed = traffic.setShadow(ORDERS, "v2", 25, "bob", "try v2 on real calls");

        RoutingConfig routing = store.routing(ORDERS);
        assertThat(routing.stickiness()).isEqualTo(Stickiness.header("x-customer-id"));
        assertThat(routing.shadow()).isEqualTo(new Shadow(v2.id(), 25));
        assertThat(shadowed.loadedIntoPod()).containsExactly(v2.id());
        assertThat(shadowed.why()).startsWith("shadow v2 at 25%: v1 100%, shadow v2 25%, sticky by header:x-customer-id");

        traffic.setShadow(ORDERS, null, 0, "bob", "enough");
        assertThat(store.routing(ORDERS).shadow()).isNull();
    }

    @Test
    void setStickinessOrSwitch_whenTheWorkflowHasNoRelease_fails404AndCreatesNoRouting() {
        WorkflowRef typo = new WorkflowRef(ORDERS.user(), ORDERS.project(), "order-intak");

        for (Runnable change : List.<Runnable>of(
                () -> traffic.setStickiness(typo, Stickiness.CALLER_KEY, "bob", ""),
                () -> traffic.setShadow(typo, null, 0, "bob", ""),
                () -> traffic.blueGreenSwitch(typo, "bob", ""))) {
            assertThatThrownBy(change::run).isInstanceOfSatisfying(DomainException.class, e -> {
                assertThat(e.code()).isEqualTo("workflow.not-found");
                assertThat(e.httpStatus()).isEqualTo(404);
                assertThat(e.hint()).contains("--workflow " + typo.path());
            });
        }

        assertThat(store.routing(typo).revision()).isZero();
        assertThat(store.routingHistory(typo)).isEmpty();
    }

    @Test
    void setShadow_whenTheVersionServesTraffic_fails409() {
        Release v1 = loaded("v1");
        route(v1, 100);

        assertThatThrownBy(() -> traffic.setShadow(ORDERS, "v1", 10, "bob", ""))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("traffic.shadow-serves"));
    }

    // ---- rollback ----

    @Test
    void rollback_withoutATarget_returnsAllTrafficToThePreviousReleaseAndSaysSo() {
        Release v1 = loaded("v1");
        Release v2 = loaded("v2");
        route(v1, 100);
        route(v2, 10, v1, 90);
        traffic.promote(ORDERS, "v2", "bob", "");

        RollbackResult result = traffic.rollback(ORDERS, null, "carol", "checkout errors");

        assertThat(result.fromRelease()).isEqualTo(v2.id());
        assertThat(result.toRelease()).isEqualTo(v1.id());
        assertThat(result.loadedIntoPod()).isFalse();
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.took()).isPositive();
        assertThat(weights()).containsEntry(v1.id(), 100).containsEntry(v2.id(), 0);
        RoutingChange entry = store.routingHistory(ORDERS).getFirst();
        assertThat(entry.by()).isEqualTo("carol");
        assertThat(entry.why()).isEqualTo("rollback from v2 to v1: v2 0%, v1 100% (was v2 100%, v1 0%); reason: checkout errors");
        assertThat(events.events(DomainEvent.RolledBack.class)).singleElement().satisfies(e -> {
            assertThat(e.fromRelease()).isEqualTo(v2.id());
            assertThat(e.toRelease()).isEqualTo(v1.id());
            assertThat(e.by()).isEqualTo("carol");
        });
        assertThat(events.events(DomainEvent.TrafficChanged.class)).last()
                .satisfies(e -> assertThat(e.routing()).isEqualTo(result.routing()));
    }

    @Test
    void rollback_twiceWithoutATarget_goesFurtherBackNotForwardToTheBadRelease() {
        Release v1 = loaded("v1");
        Release v2 = loaded("v2");
        Release v3 = loaded("v3");
        route(v1, 100);
        route(v2, 100, v1, 0);
        route(v3, 100, v2, 0, v1, 0);

        assertThat(traffic.rollback(ORDERS, null, "carol", "").toRelease()).isEqualTo(v2.id());
        assertThat(traffic.rollback(ORDERS, null, "carol", "").toRelease()).isEqualTo(v1.id());
    }

    @Test
    void rollback_withoutATargetAfterACanaryOfANewerRelease_restoresTheReleaseThatServedBeforeTheCanary() {
        Release v100 = loaded("v1.0.0");
        route(v100, 100);
        Release v101 = loaded("v1.0.1");
        route(v101, 20, v100, 80);

        RollbackTarget announced = traffic.rollbackTarget(ORDERS).orElseThrow();
        RollbackResult result = traffic.rollback(ORDERS, null, "carol", "");

        assertThat(announced.release().id()).isEqualTo(v100.id());
        assertThat(announced.reason()).startsWith("v1.0.0 is the release that served before the last change (revision 2 by alice")
                .endsWith(": publish)");
        assertThat(result.toRelease()).isEqualTo(v100.id());
        assertThat(result.fromRelease()).isEqualTo(v101.id());
        assertThat(result.reason()).isEqualTo(announced.reason());
        assertThat(weights()).containsEntry(v100.id(), 100).containsEntry(v101.id(), 0);
        assertThat(traffic.rollbackTarget(ORDERS)).as("the canary's change is undone: nothing earlier served").isEmpty();
    }

    @Test
    void rollbackTarget_afterAStickinessChangeOnly_looksPastItToTheLastChangeOfWhoServes() {
        Release v1 = loaded("v1");
        Release v2 = loaded("v2");
        route(v1, 100);
        route(v2, 100, v1, 0);
        traffic.setStickiness(ORDERS, Stickiness.CALLER_KEY, "dave", "");

        assertThat(traffic.rollbackTarget(ORDERS)).get().extracting(t -> t.release().id()).isEqualTo(v1.id());
        assertThat(traffic.rollback(ORDERS, "v1", "carol", "").reason()).as("no reason when the version is named").isNull();
    }

    @Test
    void rollback_whenTheTargetIsNotLoaded_loadsItBeforeRoutingIt() {
        Release v1 = snapshot("v1");
        Release v2 = loaded("v2");
        route(v1, 100);
        route(v2, 100, v1, 0);
        pods.unload(ORDERS.user(), v1.id());

        RollbackResult result = traffic.rollback(ORDERS, "v1", "carol", "");

        assertThat(result.loadedIntoPod()).isTrue();
        assertThat(pods.loaded(ORDERS.user())).contains(v1.id());
        assertThat(pods.calls()).contains("load alice " + v1.id());
        assertThat(weights()).containsEntry(v1.id(), 100);
    }

    @Test
    void rollback_whenTheTargetCannotBeLoaded_failsAndLeavesRoutingAsItWas() {
        Release v1 = snapshot("v1");
        Release v2 = loaded("v2");
        route(v1, 100);
        RoutingConfig before = route(v2, 100, v1, 0);
        pods.unload(ORDERS.user(), v1.id());
        pods.failLoad(DomainException.unavailable("pod.load-failed", "The pod refused the release", "Restart it.", null));

        assertThatThrownBy(() -> traffic.rollback(ORDERS, "v1", "carol", ""))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("pod.load-failed"));
        assertThat(store.routing(ORDERS)).isEqualTo(before);
        assertThat(events.events()).isEmpty();
    }

    @Test
    void rollback_whenAnotherChangeRacesIt_retriesAndWins() {
        Release v1 = loaded("v1");
        Release v2 = loaded("v2");
        route(v1, 100);
        route(v2, 100, v1, 0);
        // Each racing change goes through the same store and so takes the next entry itself: the
        // empty one in between is the stickiness change's own.
        store.beforeNextCompareAndSet(() -> traffic.setStickiness(ORDERS, Stickiness.CALLER_KEY, "dave", "racing"))
                .beforeNextCompareAndSet(() -> { })
                .beforeNextCompareAndSet(() -> traffic.setShadow(ORDERS, "v1", 5, "erin", "racing too"));

        RollbackResult result = traffic.rollback(ORDERS, "v1", "carol", "");

        assertThat(result.attempts()).isEqualTo(3);
        RoutingConfig routing = store.routing(ORDERS);
        assertThat(routing.weightOf(v1.id())).contains(100);
        assertThat(routing.stickiness()).isEqualTo(Stickiness.CALLER_KEY);
        assertThat(routing.shadow()).as("the shadow of the rollback target is dropped").isNull();
        assertThat(store.routingHistory(ORDERS).getFirst().by()).isEqualTo("carol");
    }

    @Test
    void rollback_whenNoOtherReleaseEverServed_fails409() {
        Release v1 = loaded("v1");
        Release v2 = loaded("v2");
        route(v1, 100, v2, 0);

        assertThatThrownBy(() -> traffic.rollback(ORDERS, null, "carol", ""))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("rollback.no-previous");
                    assertThat(e.hint()).contains("Name the version");
                });
    }

    // ---- retention ----

    @Test
    void releasesSafeToUnload_spareRoutedReleasesAndTheFiveNewest() {
        List<Release> releases = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            releases.add(loaded("v" + i));
        }
        retired(releases.get(1));
        route(releases.get(7), 100, releases.get(0), 0);
        traffic.setShadow(ORDERS, "v2", 10, "bob", "");

        assertThat(traffic.releasesSafeToUnload(ORDERS)).extracting(Release::versionName).containsExactly("v3");
    }

    // ---- model ----

    /** How many random actions {@link #randomActions_keepEveryRoutingInvariant()} runs. */
    protected int modelActions() {
        return 2_000;
    }

    @Test
    void randomActions_keepEveryRoutingInvariant() {
        new TrafficModelCheck(store, pods, traffic, ORDERS, T0).run(2026, modelActions());
    }
}
