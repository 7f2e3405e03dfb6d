package com.wfp.platform.routing;

import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingLayoutTest {

    private static final WorkflowRef REF = new WorkflowRef("alice", "shop", "orders");
    private static final ReleaseId A = new ReleaseId("rel-a");
    private static final ReleaseId B = new ReleaseId("rel-b");
    private static final ReleaseId C = new ReleaseId("rel-c");
    private static final ReleaseId D = new ReleaseId("rel-d");
    private static final List<ReleaseId> RELEASES = List.of(A, B, C, D, new ReleaseId("rel-e"), new ReleaseId("rel-f"));

    private static RoutingConfig routing(RouteWeight... weights) {
        return new RoutingConfig(REF, 3, List.of(weights), Stickiness.CALLER_KEY, null);
    }

    private static RouteWeight w(ReleaseId id, int weight) {
        return new RouteWeight(id, weight);
    }

    private static LayoutSegment segment(ReleaseId id, int start, int end) {
        return new LayoutSegment(id, start, end);
    }

    @Test
    void create_withoutALayout_derivesContiguousUnitsInWeightsOrderSkippingStagedReleases() {
        RoutingConfig config = routing(w(C, 0), w(A, 70), w(B, 30));

        assertThat(config.layout()).containsExactly(segment(A, 0, 70), segment(B, 70, 100));
        assertThat(RoutingConfig.empty(REF).layout()).isEmpty();
        assertThat(RoutingConfig.empty(REF).unitOwners()).isEmpty();
    }

    @Test
    void create_withALayout_keepsItMergingNeighboursOfOneRelease() {
        RoutingConfig config = new RoutingConfig(REF, 1, List.of(w(A, 50), w(B, 50)), null, null,
                List.of(segment(B, 75, 100), segment(A, 0, 25), segment(B, 25, 50), segment(A, 50, 75)));
        RoutingConfig split = new RoutingConfig(REF, 1, List.of(w(A, 50), w(B, 50)), null, null,
                List.of(segment(A, 0, 10), segment(A, 10, 50), segment(B, 50, 100)));

        assertThat(config.layout()).containsExactly(segment(A, 0, 25), segment(B, 25, 50), segment(A, 50, 75),
                segment(B, 75, 100));
        assertThat(split).isEqualTo(routing(w(A, 50), w(B, 50)).withRevision(1).withStickiness(Stickiness.OFF));
        assertThat(config.unitOwners().get(30)).isEqualTo(B);
        assertThat(config.unitOwners()).hasSize(100);
    }

    @Test
    void create_whenTheLayoutDoesNotMatchTheWeights_failsNamingTheProblem() {
        List<RouteWeight> weights = List.of(w(A, 60), w(B, 40));
        assertThatThrownBy(() -> new RoutingConfig(REF, 1, weights, null, null,
                List.of(segment(A, 0, 50), segment(B, 50, 100))))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("routing.invalid-layout");
                    assertThat(e.getMessage()).contains("rel-a has weight 60 but owns 50");
                });
        assertThatThrownBy(() -> new RoutingConfig(REF, 1, weights, null, null,
                List.of(segment(A, 0, 60), segment(B, 50, 90))))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.getMessage()).contains("unit 50"));
        assertThatThrownBy(() -> new RoutingConfig(REF, 1, List.of(), null, null, List.of(segment(C, 0, 100))))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.getMessage()).contains("rel-c"));
        assertThatThrownBy(() -> new LayoutSegment(A, 90, 101)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo("routing.invalid-layout"));
        assertThatThrownBy(() -> new LayoutSegment(A, 5, 5)).isInstanceOf(DomainException.class);
    }

    @Test
    void withWeights_whenOneReleaseGrows_takesTheHighestUnitsOfTheOneThatShrank() {
        RoutingConfig before = routing(w(A, 50), w(B, 50));

        RoutingConfig after = before.withWeights(List.of(w(A, 70), w(B, 30)));

        assertThat(after.layout()).containsExactly(segment(A, 0, 50), segment(B, 50, 80), segment(A, 80, 100));
    }

    @Test
    void withWeights_whenAThirdReleaseJoinsAndOneShrinks_leavesTheReleaseWhoseWeightHeldAlone() {
        RoutingConfig before = routing(w(A, 60), w(B, 40));

        RoutingConfig after = before.withWeights(List.of(w(C, 10), w(A, 50), w(B, 40)));
        RoutingConfig later = after.withWeights(List.of(w(C, 30), w(A, 30), w(B, 40)));

        assertThat(after.layout()).containsExactly(segment(A, 0, 50), segment(C, 50, 60), segment(B, 60, 100));
        assertThat(later.layout()).containsExactly(segment(A, 0, 30), segment(C, 30, 60), segment(B, 60, 100));
    }

    @Test
    void withWeights_whenAReleaseIsRemoved_freesAllItsUnitsForTheGainersInWeightsOrder() {
        RoutingConfig before = routing(w(A, 20), w(B, 30), w(C, 50));

        RoutingConfig after = before.withWeights(List.of(w(C, 60), w(D, 10), w(A, 30)));

        // B's units 20..49 are free: C (first in the new order) takes the lowest 10, D the next 10, A the last 10.
        assertThat(after.layout()).containsExactly(segment(A, 0, 20), segment(C, 20, 30), segment(D, 30, 40),
                segment(A, 40, 50), segment(C, 50, 100));
    }

    @Test
    void withWeights_whenTheWeightsHold_keepsTheLayoutAndTheConfigEqual() {
        RoutingConfig moved = routing(w(A, 50), w(B, 50)).withWeights(List.of(w(A, 70), w(B, 30)));

        assertThat(moved.withWeights(List.of(w(B, 30), w(A, 70)))).isEqualTo(
                new RoutingConfig(REF, 3, List.of(w(B, 30), w(A, 70)), Stickiness.CALLER_KEY, null, moved.layout()));
        assertThat(moved.withWeights(List.of(w(A, 70), w(B, 30)))).isEqualTo(moved);
        assertThat(moved.withWeights(List.of(w(A, 70), w(B, 30), w(C, 0))).layout()).isEqualTo(moved.layout());
        assertThat(moved.withRevision(9).withShadow(new Shadow(C, 5)).withStickiness(Stickiness.OFF).layout())
                .isEqualTo(moved.layout());
    }

    @Test
    void withWeights_whenEverythingIsUnrouted_leavesNoLayout() {
        assertThat(routing(w(A, 100)).withWeights(List.of()).layout()).isEmpty();
        assertThat(RoutingConfig.empty(REF).withWeights(List.of(w(B, 40), w(A, 60))).layout())
                .containsExactly(segment(B, 0, 40), segment(A, 40, 100));
    }

    @Test
    void withWeights_whenTheWeightsAreInvalid_failsLikeTheConstructor() {
        assertThatThrownBy(() -> routing(w(A, 100)).withWeights(List.of(w(A, 60), w(B, 30))))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("routing.weights-sum"));
    }

    /** Random sequences of changes: units conserved, exact counts, and only losers hand units to gainers. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void withWeights_overRandomChanges_givesEachReleaseItsWeightInUnitsAndMovesUnitsOnlyFromLosersToGainers(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        RoutingConfig current = RoutingConfig.empty(REF);
        for (int change = 0; change < 30; change++) {
            List<RouteWeight> weights = RandomWeights.over(RELEASES, random);
            RoutingConfig next = current.withWeights(weights);

            assertThat(next).isEqualTo(current.withWeights(weights));
            Map<ReleaseId, Integer> owned = new HashMap<>();
            next.unitOwners().forEach(id -> owned.merge(id, 1, Integer::sum));
            assertThat(next.unitOwners()).hasSize(100);
            for (RouteWeight w : weights) {
                assertThat(owned.getOrDefault(w.releaseId(), 0)).as("units of %s", w.releaseId()).isEqualTo(w.weight());
            }
            if (!current.isEmpty()) {
                for (int unit = 0; unit < 100; unit++) {
                    ReleaseId was = current.unitOwners().get(unit);
                    ReleaseId now = next.unitOwners().get(unit);
                    if (!was.equals(now)) {
                        assertThat(next.weightOf(was).orElse(0)).as("unit %d left %s", unit, was)
                                .isLessThan(current.weightOf(was).orElseThrow());
                        assertThat(next.weightOf(now).orElseThrow()).as("unit %d went to %s", unit, now)
                                .isGreaterThan(current.weightOf(now).orElse(0));
                    }
                }
            }
            current = next;
        }
    }

    static Stream<Long> seeds() {
        SplittableRandom root = new SplittableRandom(Long.getLong("wfp.seed", 20_261_127L));
        return LongStream.range(0, 50).map(i -> root.nextLong()).boxed();
    }
}
