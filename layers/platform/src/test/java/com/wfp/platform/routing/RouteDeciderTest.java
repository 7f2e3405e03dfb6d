package com.wfp.platform.routing;

import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteDeciderTest {

    private static final WorkflowRef ORDERS = new WorkflowRef("alice", "shop", "order-intake");
    private static final int REQUESTS = 10_000;
    private static final double SIGMAS = 4.0;

    /** Releases v1..v6 with fixed ids, so hashes are the same on every run. */
    private static final Map<String, ReleaseId> IDS = new LinkedHashMap<>();
    private static final Map<ReleaseId, String> NAMES = new HashMap<>();

    static {
        for (int i = 1; i <= 6; i++) {
            ReleaseId id = new ReleaseId("rel-00000000000000000000000" + i);
            IDS.put("v" + i, id);
            NAMES.put(id, "v" + i);
        }
    }

    private static ReleaseId id(String version) {
        return IDS.get(version);
    }

    /** Routing from "v1", 50, "v2", 50 ... pairs. */
    private static RoutingConfig routing(Stickiness stickiness, Shadow shadow, Object... versionWeightPairs) {
        List<RouteWeight> weights = new ArrayList<>();
        for (int i = 0; i < versionWeightPairs.length; i += 2) {
            weights.add(new RouteWeight(id((String) versionWeightPairs[i]), (Integer) versionWeightPairs[i + 1]));
        }
        return new RoutingConfig(ORDERS, 7, weights, stickiness, shadow);
    }

    private static RouteDecider decider(Object... versionWeightPairs) {
        return RouteDecider.of(routing(Stickiness.OFF, null, versionWeightPairs), NAMES);
    }

    private static RouteDecider sticky(Object... versionWeightPairs) {
        return RouteDecider.of(routing(Stickiness.CALLER_KEY, null, versionWeightPairs), NAMES);
    }

    private static RouteDecider sticky(RoutingConfig routing) {
        return RouteDecider.of(routing, NAMES);
    }

    /** The routing a change to {@code versionWeightPairs} makes from {@code current}, as every routing change does. */
    private static RoutingConfig changed(RoutingConfig current, Object... versionWeightPairs) {
        return current.withWeights(routing(Stickiness.CALLER_KEY, null, versionWeightPairs).weights());
    }

    private static void assertWithinBinomialBound(long count, int n, double p, String what) {
        double expected = n * p;
        double sigma = Math.sqrt(n * p * (1 - p));
        assertThat((double) count).as("%s: %d of %d, expected %.1f +- %.1f", what, count, n, expected, SIGMAS * sigma)
                .isBetween(expected - SIGMAS * sigma - 1e-9, expected + SIGMAS * sigma + 1e-9);
    }

    // ---- weighted ----

    @ParameterizedTest
    @ValueSource(strings = {"v1:50,v2:50", "v1:90,v2:10", "v1:1,v2:99", "v1:33,v2:33,v3:34", "v1:70,v2:20,v3:10,v4:0",
            "v1:5,v2:15,v3:25,v4:25,v5:20,v6:10", "v1:100"})
    void decide_withSeededRandomBits_landsWithinFourSigmaOfEachWeight(String spec) {
        List<Object> pairs = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] kv = part.split(":");
            pairs.add(kv[0]);
            pairs.add(Integer.parseInt(kv[1]));
        }
        RouteDecider decider = decider(pairs.toArray());
        SplittableRandom random = new SplittableRandom(spec.hashCode());
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            Decision d = decider.decide(null, null, null, random.nextLong());
            assertThat(d.reason()).isEqualTo(RouteReason.WEIGHTED);
            counts.merge(d.versionName(), 1, Integer::sum);
        }
        for (int i = 0; i < pairs.size(); i += 2) {
            String version = (String) pairs.get(i);
            int weight = (Integer) pairs.get(i + 1);
            int count = counts.getOrDefault(version, 0);
            if (weight == 0) {
                assertThat(count).as("staged %s gets no unpinned traffic", version).isZero();
            } else {
                assertWithinBinomialBound(count, REQUESTS, weight / 100.0, spec + " " + version);
            }
        }
    }

    @Test
    void decide_whenRandomBitsCoverTheRange_mapsEachPercentSlotToTheWeightsInOrder() {
        RouteDecider decider = decider("v1", 30, "v2", 70);
        // The slot of bits b is floor(b * 100 / 2^64) taken unsigned: slot 29 is v1, slot 30 is v2.
        long slot29 = Long.divideUnsigned(-1L, 100) * 29 + 1_000;
        long slot30 = Long.divideUnsigned(-1L, 100) * 30 + 1_000;
        assertThat(decider.decide(null, null, null, 0L).versionName()).isEqualTo("v1");
        assertThat(decider.decide(null, null, null, slot29).versionName()).isEqualTo("v1");
        assertThat(decider.decide(null, null, null, slot30).versionName()).isEqualTo("v2");
        assertThat(decider.decide(null, null, null, -1L).versionName()).isEqualTo("v2");
    }

    // ---- pins and header ----

    @Test
    void decide_whenPinnedAndHeaderGiven_pinWinsThenHeaderThenStickiness() {
        RouteDecider decider = sticky("v1", 100, "v2", 0);

        Decision pinned = decider.decide("v2", "v1", "key-1", 42);
        Decision header = decider.decide(null, "v2", "key-1", 42);
        Decision stickyDecision = decider.decide(null, null, "key-1", 42);

        assertThat(pinned).isEqualTo(new Decision(id("v2"), "v2", RouteReason.PINNED, null));
        assertThat(header).isEqualTo(new Decision(id("v2"), "v2", RouteReason.HEADER, null));
        assertThat(stickyDecision).isEqualTo(new Decision(id("v1"), "v1", RouteReason.STICKY, null));
    }

    @Test
    void decide_whenPinNamesTheShadowRelease_servesIt() {
        RouteDecider decider = RouteDecider.of(routing(Stickiness.OFF, new Shadow(id("v3"), 10), "v1", 100), NAMES);

        assertThat(decider.decide("v3", null, null, 0).releaseId()).isEqualTo(id("v3"));
        assertThat(decider.liveVersions()).containsExactly("v1", "v3");
    }

    @Test
    void decide_whenPinNamesAnUnroutedVersion_failsWith404ListingTheLiveVersions() {
        RouteDecider decider = RouteDecider.of(routing(Stickiness.OFF, new Shadow(id("v4"), 5), "v1", 90, "v2", 10, "v3", 0),
                NAMES);

        assertThatThrownBy(() -> decider.decide("v9", null, null, 0))
                .isInstanceOfSatisfying(UnknownVersionException.class, e -> {
                    assertThat(e.code()).isEqualTo("route.unknown-version");
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.liveVersions()).containsExactly("v1", "v2", "v3", "v4");
                    assertThat(e.getMessage()).contains("'v9'").contains("v1 (90%)").contains("v3 (0%, staged)")
                            .contains("v4 (shadow)");
                    assertThat(e.hint()).contains("staged");
                });
        assertThatThrownBy(() -> decider.decide(null, "v5", null, 0)).isInstanceOf(UnknownVersionException.class);
    }

    @Test
    void decide_whenNothingIsRouted_failsWithNotRoutedAndAHintToPublish() {
        RouteDecider decider = RouteDecider.of(RoutingConfig.empty(ORDERS), Map.of());

        assertThat(decider.serves()).isFalse();
        assertThatThrownBy(() -> decider.decide(null, null, "k", 1))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("route.not-routed");
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.hint()).contains("Publish");
                });
        assertThatThrownBy(() -> decider.decide("v1", null, null, 1)).isInstanceOf(UnknownVersionException.class)
                .hasMessageContaining("live versions: none");
    }

    @Test
    void of_whenARoutedReleaseHasNoName_failsNamingTheRelease() {
        assertThatThrownBy(() -> RouteDecider.of(routing(Stickiness.OFF, null, "v1", 100), Map.of()))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("route.release-missing"))
                .hasMessageContaining(id("v1").value());
    }

    // ---- stickiness ----

    @Test
    void decide_whenSticky_keepsEveryCallerOnOneReleaseWhateverTheRandomBits() {
        RouteDecider decider = sticky("v1", 50, "v2", 30, "v3", 20);
        SplittableRandom random = new SplittableRandom(3);
        for (int k = 0; k < 1_000; k++) {
            String key = "key-" + k;
            String first = decider.decide(null, null, key, random.nextLong()).versionName();
            for (int call = 0; call < 5; call++) {
                Decision d = decider.decide(null, null, key, random.nextLong());
                assertThat(d.versionName()).as("caller %s call %d", key, call).isEqualTo(first);
                assertThat(d.reason()).isEqualTo(RouteReason.STICKY);
            }
        }
    }

    @Test
    void decide_whenSticky_spreadsCallersWithinFourSigmaOfTheWeights() {
        RouteDecider decider = sticky("v1", 60, "v2", 25, "v3", 15);
        Map<String, Integer> counts = new HashMap<>();
        for (int k = 0; k < REQUESTS; k++) {
            counts.merge(decider.decide(null, null, "caller-" + k, 0).versionName(), 1, Integer::sum);
        }
        assertWithinBinomialBound(counts.get("v1"), REQUESTS, 0.60, "v1");
        assertWithinBinomialBound(counts.get("v2"), REQUESTS, 0.25, "v2");
        assertWithinBinomialBound(counts.get("v3"), REQUESTS, 0.15, "v3");
    }

    @Test
    void decide_whenWeightsGoFrom50_50To70_30_movesOnlyCallersOfTheReleaseThatLostWeightAndOnlyItsLostShare() {
        RoutingConfig fifty = routing(Stickiness.CALLER_KEY, null, "v1", 50, "v2", 50);
        RouteDecider before = sticky(fifty);
        RouteDecider after = sticky(changed(fifty, "v1", 70, "v2", 30));
        int keys = 1_000;
        int moved = 0;
        for (int k = 0; k < keys; k++) {
            String key = "api-key-" + k;
            String was = before.decide(null, null, key, 0).versionName();
            String now = after.decide(null, null, key, 0).versionName();
            if (was.equals("v1")) {
                assertThat(now).as("caller %s of v1, whose weight rose", key).isEqualTo("v1");
            }
            if (!was.equals(now)) {
                moved++;
            }
        }
        // Exactly the 20% that v2 gave up must move, within the binomial bound.
        assertWithinBinomialBound(moved, keys, 0.20, "moved callers");
    }

    @Test
    void decide_whenAReleaseIsStagedAtZero_movesNoCaller() {
        RoutingConfig twoReleases = routing(Stickiness.CALLER_KEY, null, "v1", 60, "v2", 40);
        RouteDecider two = sticky(twoReleases);
        RouteDecider withStaged = sticky(changed(twoReleases, "v3", 0, "v1", 60, "v2", 40));
        for (int k = 0; k < 1_000; k++) {
            String key = "k" + k;
            assertThat(withStaged.decide(null, null, key, 0).versionName()).as(key)
                    .isEqualTo(two.decide(null, null, key, 0).versionName());
        }
    }

    @Test
    void decide_whenAReleaseIsRemovedAndItsShareGoesToAnother_movesOnlyItsCallersAndOnlyToTheGainer() {
        RoutingConfig threeReleases = routing(Stickiness.CALLER_KEY, null, "v1", 60, "v2", 30, "v3", 10);
        RouteDecider three = sticky(threeReleases);
        RouteDecider withoutV3 = sticky(changed(threeReleases, "v1", 70, "v2", 30));
        for (int k = 0; k < 1_000; k++) {
            String key = "k" + k;
            String was = three.decide(null, null, key, 0).versionName();
            String now = withoutV3.decide(null, null, key, 0).versionName();
            assertThat(now).as("caller %s of %s", key, was).isEqualTo(was.equals("v3") ? "v1" : was);
        }
    }

    @Test
    void decide_whenStickinessIsOff_ignoresTheStickyKey() {
        RouteDecider decider = decider("v1", 50, "v2", 50);
        Map<String, Integer> counts = new HashMap<>();
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 2_000; i++) {
            Decision d = decider.decide(null, null, "always-the-same-key", random.nextLong());
            assertThat(d.reason()).isEqualTo(RouteReason.WEIGHTED);
            counts.merge(d.versionName(), 1, Integer::sum);
        }
        assertThat(counts).containsOnlyKeys("v1", "v2");
    }

    /**
     * The stickiness guarantee, for one random weight change derived from the previous routing:
     * a caller moves from A to B only if A's weight went down and B's went up.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void decide_whenWeightsChange_movesACallerOnlyFromAReleaseThatLostWeightToOneThatGainedIt(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] a = randomWeights(random);
        int[] b = randomWeights(random);
        int n = Math.max(a.length, b.length);
        int[] was = Arrays.copyOf(a, n);
        int[] now = Arrays.copyOf(b, n);
        RoutingConfig first = routing(Stickiness.CALLER_KEY, null, pairs(was));
        RouteDecider before = sticky(first);
        RouteDecider after = sticky(changed(first, pairs(now)));
        for (int k = 0; k < 300; k++) {
            String key = "caller-" + k;
            int from = index(before.decide(null, null, key, 0).versionName());
            int to = index(after.decide(null, null, key, 0).versionName());
            if (from != to) {
                assertThat(now[from] < was[from] && now[to] > was[to])
                        .as("caller %s moved v%d -> v%d under %s -> %s", key, from + 1, to + 1,
                                Arrays.toString(was), Arrays.toString(now))
                        .isTrue();
            }
        }
    }

    /**
     * The guarantee over a whole history: random sequences of changes among two to six releases,
     * releases joining and leaving, each routing derived from the one before. A caller whose
     * release keeps its weight never moves; one that moves leaves a release that lost weight for
     * one that gained it.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("historySeeds")
    void decide_overASequenceOfChanges_movesACallerOnlyFromALoserToAGainerAndNeverFromAReleaseThatKeptItsWeight(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int keys = 10_000;
        String[] callers = new String[keys];
        for (int k = 0; k < keys; k++) {
            callers[k] = "caller-" + k;
        }
        RoutingConfig current = RoutingConfig.empty(ORDERS).withStickiness(Stickiness.CALLER_KEY)
                .withWeights(RandomWeights.over(List.copyOf(IDS.values()), random));
        ReleaseId[] served = serve(current, callers);
        for (int change = 0; change < 12; change++) {
            RoutingConfig next = current.withWeights(RandomWeights.over(List.copyOf(IDS.values()), random));
            ReleaseId[] nowServed = serve(next, callers);
            for (int k = 0; k < keys; k++) {
                ReleaseId from = served[k];
                ReleaseId to = nowServed[k];
                int fromBefore = current.weightOf(from).orElse(0);
                int fromAfter = next.weightOf(from).orElse(0);
                if (fromAfter == fromBefore) {
                    assertThat(to).as("caller %s of %s, whose weight held at %d: %s -> %s", callers[k], NAMES.get(from),
                            fromBefore, current.weights(), next.weights()).isEqualTo(from);
                }
                if (!to.equals(from)) {
                    assertThat(fromAfter).as("%s -> %s: %s lost weight", current.weights(), next.weights(), from)
                            .isLessThan(fromBefore);
                    assertThat(next.weightOf(to).orElseThrow()).as("%s -> %s: %s gained weight", current.weights(),
                            next.weights(), to).isGreaterThan(current.weightOf(to).orElse(0));
                }
            }
            current = next;
            served = nowServed;
        }
    }

    static java.util.stream.Stream<Long> historySeeds() {
        SplittableRandom root = new SplittableRandom(Long.getLong("wfp.seed", 20_261_127L) ^ 0x5eed);
        return java.util.stream.LongStream.range(0, 40).map(i -> root.nextLong()).boxed();
    }

    private static ReleaseId[] serve(RoutingConfig routing, String[] callers) {
        RouteDecider decider = sticky(routing);
        ReleaseId[] served = new ReleaseId[callers.length];
        for (int k = 0; k < callers.length; k++) {
            served[k] = decider.decide(null, null, callers[k], 0).releaseId();
        }
        return served;
    }

    static java.util.stream.Stream<Long> seeds() {
        SplittableRandom root = new SplittableRandom(Long.getLong("wfp.seed", 20_261_127L));
        return java.util.stream.LongStream.range(0, 200).map(i -> root.nextLong()).boxed();
    }

    /** Two to five integer weights summing to 100, some possibly 0, cut at random points of [0, 100]. */
    private static int[] randomWeights(SplittableRandom random) {
        int n = 2 + random.nextInt(4);
        int[] cuts = new int[n - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = random.nextInt(101);
        }
        Arrays.sort(cuts);
        int[] w = new int[n];
        int last = 0;
        for (int i = 0; i < n - 1; i++) {
            w[i] = cuts[i] - last;
            last = cuts[i];
        }
        w[n - 1] = 100 - last;
        return w;
    }

    private static Object[] pairs(int[] weights) {
        List<Object> pairs = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            pairs.add("v" + (i + 1));
            pairs.add(weights[i]);
        }
        return pairs.toArray();
    }

    private static int index(String version) {
        return Integer.parseInt(version.substring(1)) - 1;
    }

    // ---- shadow ----

    @Test
    void decide_withAShadowAt20Percent_mirrorsAboutOneFifthOfWeightedCallsAndNoPinnedOnes() {
        RouteDecider decider = RouteDecider.of(routing(Stickiness.OFF, new Shadow(id("v3"), 20), "v1", 80, "v2", 20), NAMES);
        SplittableRandom random = new SplittableRandom(5);
        int mirrored = 0;
        for (int i = 0; i < REQUESTS; i++) {
            Decision d = decider.decide(null, null, null, random.nextLong());
            if (d.mirrored()) {
                assertThat(d.shadowReleaseId()).isEqualTo(id("v3"));
                mirrored++;
            }
        }
        assertWithinBinomialBound(mirrored, REQUESTS, 0.20, "mirrored calls");
        for (int i = 0; i < 1_000; i++) {
            assertThat(decider.decide("v1", null, null, random.nextLong()).mirrored()).isFalse();
            assertThat(decider.decide(null, "v2", null, random.nextLong()).mirrored()).isFalse();
        }
    }

    @Test
    void decide_withAShadowAt100Percent_mirrorsEveryWeightedCall() {
        RouteDecider decider = RouteDecider.of(routing(Stickiness.CALLER_KEY, new Shadow(id("v2"), 100), "v1", 100), NAMES);
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 1_000; i++) {
            assertThat(decider.decide(null, null, i % 2 == 0 ? "k" + i : null, random.nextLong()).shadowReleaseId())
                    .isEqualTo(id("v2"));
        }
    }

    // ---- hot path ----

    @Test
    void decide_whenWarm_allocatesNothing() {
        RouteDecider weighted = decider("v1", 50, "v2", 30, "v3", 20);
        RouteDecider sticky = RouteDecider.of(routing(Stickiness.CALLER_KEY, new Shadow(id("v4"), 50), "v1", 50, "v2", 50),
                NAMES);
        String[] keys = new String[64];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "caller-" + i;
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long checksum = 0;
        for (int round = 0; round < 2; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 200_000; i++) {
                checksum += weighted.decide(null, null, null, i * 0x9e3779b97f4a7c15L).versionName().length();
                checksum += sticky.decide(null, null, keys[i & 63], i).versionName().length();
                checksum += sticky.decide("v2", null, null, i).versionName().length();
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 1) {
                // 600,000 decisions; a single allocation per decision would be >= 9.6 MB.
                assertThat(allocated).as("bytes allocated by 600,000 warm decisions").isLessThan(64 * 1024);
            }
        }
        assertThat(checksum).isPositive();
    }
}
