package com.wfp.platform.traffic;

import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.port.InMemoryPodManager;
import com.wfp.platform.port.ReleaseStore;
import com.wfp.platform.release.NewRelease;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingChange;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.RoutingPlanner;
import com.wfp.workflow.error.DomainException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Drives a store and a {@link TrafficService} with seeded random actions (publish, set weights
 * with fresh or stale revisions and sometimes bad sums, promote, demote, blue/green, shadow,
 * rollback to a version or to the previous one) and checks after each one against a small model:
 * routing names only published releases, all of them loaded; weights add up to 100 when any;
 * the revision only grows, by exactly one per successful change and never on a refused one;
 * every change is in the history, whose newest entry is the current routing; and each operation
 * did what it says (promote and rollback leave the target at 100%, demote at 0%, set weights
 * exactly the weights given); and a change hands a percent unit of the layout only from a
 * release that lost weight to one that gained it, so sticky callers of a release whose weight
 * held stay on it.
 */
final class TrafficModelCheck {

    private static final Set<String> EXPECTED_REFUSALS = Set.of("routing.stale-revision", "routing.weights-sum",
            "traffic.last-serving-release", "traffic.not-routed", "traffic.not-blue-green", "traffic.shadow-serves",
            "rollback.no-previous", "traffic.nothing-else-serving");

    private final ReleaseStore store;
    private final InMemoryPodManager pods;
    private final TrafficService traffic;
    private final WorkflowRef ref;
    private final Instant at;

    private final List<Release> published = new ArrayList<>();
    private final List<RoutingConfig> changes = new ArrayList<>();
    private final Map<String, Integer> refusals = new HashMap<>();
    private long revision;

    TrafficModelCheck(ReleaseStore store, InMemoryPodManager pods, TrafficService traffic, WorkflowRef ref, Instant at) {
        this.store = store;
        this.pods = pods;
        this.traffic = traffic;
        this.ref = ref;
        this.at = at;
    }

    void run(long seed, int actions) {
        SplittableRandom random = new SplittableRandom(seed);
        revision = store.routing(ref).revision();
        changes.addAll(store.routingHistory(ref).reversed().stream().map(RoutingChange::after).toList());
        for (int i = 0; i < actions; i++) {
            String action = step(random);
            try {
                checkInvariants();
            } catch (AssertionError e) {
                fail("after action " + i + " (" + action + "), seed " + seed + ": " + e.getMessage(), e);
            }
        }
        assertThat(changes.size()).as("successful changes").isGreaterThan(actions / 4);
        assertThat(refusals).as("refusals by code").containsKeys("routing.stale-revision", "routing.weights-sum");
    }

    private String step(SplittableRandom random) {
        int kind = published.isEmpty() ? 0 : random.nextInt(100);
        if (kind < 8 && published.size() < 25) {
            return publish(random);
        }
        Release some = published.get(random.nextInt(published.size()));
        RoutingConfig before = store.routing(ref);
        try {
            if (kind < 35) {
                return setWeights(random, before);
            } else if (kind < 50) {
                TrafficChange c = traffic.promote(ref, some.versionName(), "model", "promote");
                expectChange(before, c.after());
                assertThat(c.after().weightOf(some.id())).contains(100);
                return "promote " + some.versionName();
            } else if (kind < 65) {
                TrafficChange c = traffic.demote(ref, some.versionName(), "model", "demote");
                expectChange(before, c.after());
                assertThat(c.after().weightOf(some.id())).contains(0);
                return "demote " + some.versionName();
            } else if (kind < 72) {
                TrafficChange c = traffic.blueGreenSwitch(ref, "model", "switch");
                expectChange(before, c.after());
                return "blue/green";
            } else if (kind < 80) {
                boolean clear = random.nextInt(4) == 0;
                TrafficChange c = traffic.setShadow(ref, clear ? null : some.versionName(), 1 + random.nextInt(100),
                        "model", "shadow");
                expectChange(before, c.after());
                return "shadow " + (clear ? "none" : some.versionName());
            } else if (kind < 84) {
                TrafficChange c = traffic.shift(ref, some.versionName(), 1 + random.nextInt(100), "model", "shift");
                expectChange(before, c.after());
                return "shift " + some.versionName();
            } else {
                boolean previous = random.nextBoolean();
                if (!previous && random.nextInt(3) == 0) {
                    pods.unload(ref.user(), some.id());
                }
                RollbackResult r = traffic.rollback(ref, previous ? null : some.versionName(), "model", "rollback");
                expectChange(before, r.routing());
                assertThat(r.routing().weightOf(r.toRelease())).contains(100);
                if (!previous) {
                    assertThat(r.toRelease()).isEqualTo(some.id());
                }
                return "rollback to " + (previous ? "previous" : some.versionName());
            }
        } catch (DomainException e) {
            if (!EXPECTED_REFUSALS.contains(e.code())) {
                throw e;
            }
            refusals.merge(e.code(), 1, Integer::sum);
            assertThat(store.routing(ref)).as("routing after the refusal %s", e.code()).isEqualTo(before);
            return "refused " + e.code();
        }
    }

    /** As a publish does: snapshot, load, then route by a random strategy. */
    private String publish(SplittableRandom random) {
        String version = "v" + (published.size() + 1);
        Release release = store.createRelease(NewRelease.of(ref, version, "", definition(version),
                "{\"valid\":true,\"findings\":[]}", "model", at));
        pods.ensurePod(ref.user());
        pods.load(ref.user(), release.id(), ref.workflow(), version, release.definition());
        published.add(release);
        PublishStrategy strategy = switch (random.nextInt(3)) {
            case 0 -> PublishStrategy.ALL;
            case 1 -> PublishStrategy.STAGED;
            default -> PublishStrategy.canary(1 + random.nextInt(99));
        };
        RoutingConfig current = store.routing(ref);
        RoutingConfig stored = store.compareAndSetRouting(ref, current.revision(),
                RoutingPlanner.plan(current, release.id(), strategy), "model", "publish " + version + " " + strategy);
        expectChange(current, stored);
        return "publish " + version + " " + strategy;
    }

    private String setWeights(SplittableRandom random, RoutingConfig before) {
        List<Release> chosen = new ArrayList<>(published);
        Collections.shuffle(chosen, new Random(random.nextLong()));
        chosen = chosen.subList(0, 1 + random.nextInt(Math.min(4, chosen.size())));
        Map<String, Integer> weights = new LinkedHashMap<>();
        int left = 100;
        for (int i = 0; i < chosen.size(); i++) {
            int w = i == chosen.size() - 1 ? left : random.nextInt(left + 1);
            weights.put(random.nextBoolean() ? chosen.get(i).versionName() : chosen.get(i).id().value(), w);
            left -= w;
        }
        boolean badSum = random.nextInt(10) == 0;
        if (badSum) {
            weights.merge(chosen.getFirst().versionName(), 1, (a, b) -> a < 100 ? a + 1 : a - 1);
            weights.remove(chosen.getFirst().id().value());
        }
        long expected = random.nextInt(8) == 0 ? before.revision() - 1 : before.revision();
        TrafficChange c = traffic.setWeights(ref, expected, weights, "model", "weights");
        expectChange(before, c.after());
        Map<ReleaseId, Integer> byId = new HashMap<>();
        weights.forEach((k, w) -> byId.put(published.stream()
                .filter(r -> r.versionName().equals(k) || r.id().value().equals(k)).findFirst().orElseThrow().id(), w));
        for (RouteWeight w : c.after().weights()) {
            assertThat(w.weight()).as("weight of %s", w.releaseId()).isEqualTo(byId.getOrDefault(w.releaseId(), 0));
        }
        assertThat(c.after().weights()).extracting(RouteWeight::releaseId).containsAll(byId.keySet())
                .containsAll(before.weights().stream().map(RouteWeight::releaseId).toList());
        return "set weights " + weights + " at " + expected;
    }

    private void expectChange(RoutingConfig before, RoutingConfig after) {
        if (after.revision() == before.revision()) {
            assertThat(after).as("an operation that changed nothing").isEqualTo(before);
            return;
        }
        assertThat(after.revision()).as("revision after one change").isEqualTo(before.revision() + 1);
        if (!before.isEmpty() && !after.isEmpty()) {
            for (int unit = 0; unit < RoutingConfig.UNITS; unit++) {
                ReleaseId was = before.unitOwners().get(unit);
                ReleaseId now = after.unitOwners().get(unit);
                if (!was.equals(now)) {
                    assertThat(after.weightOf(was).orElse(0)).as("unit %d left %s: %s -> %s", unit, was,
                            before.weights(), after.weights()).isLessThan(before.weightOf(was).orElseThrow());
                    assertThat(after.weightOf(now).orElseThrow()).as("unit %d went to %s: %s -> %s", unit, now,
                            before.weights(), after.weights()).isGreaterThan(before.weightOf(now).orElse(0));
                }
            }
        }
        revision = after.revision();
        changes.add(after);
    }

    private void checkInvariants() {
        RoutingConfig routing = store.routing(ref);
        Set<ReleaseId> publishedIds = new HashSet<>(published.stream().map(Release::id).toList());
        assertThat(publishedIds).as("published releases").containsAll(routing.referencedReleases());
        assertThat(pods.loaded(ref.user())).as("releases loaded in the pod").containsAll(routing.referencedReleases());
        if (!routing.isEmpty()) {
            assertThat(routing.weights().stream().mapToInt(RouteWeight::weight).sum()).isEqualTo(100);
        }
        assertThat(routing.revision()).as("revision").isEqualTo(revision).isEqualTo(changes.size());
        List<RoutingChange> history = store.routingHistory(ref);
        assertThat(history).as("one history entry per change").hasSize(changes.size());
        if (!history.isEmpty()) {
            assertThat(history.getFirst().after()).isEqualTo(routing);
            assertThat(history.getFirst().why()).isNotBlank();
        }
        List<RoutingConfig> recorded = history.reversed().stream().map(RoutingChange::after).toList();
        assertThat(recorded).as("history").isEqualTo(changes);
    }

    private static String definition(String version) {
        return "{\"edges\":[],\"format\":1,\"id\":\"order-intake\",\"name\":\"" + version + "\",\"nodes\":[]}";
    }
}
