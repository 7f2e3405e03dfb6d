package com.wfp.platform.routing;

import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingPlannerTest {

    private static final WorkflowRef REF = new WorkflowRef("alice", "shop", "orders");
    private static final ReleaseId NEW = new ReleaseId("rel-new");
    private static final ReleaseId A = new ReleaseId("rel-a");
    private static final ReleaseId B = new ReleaseId("rel-b");
    private static final ReleaseId C = new ReleaseId("rel-c");

    private static RoutingConfig routing(RouteWeight... weights) {
        return new RoutingConfig(REF, 7, List.of(weights), Stickiness.CALLER_KEY, null);
    }

    @Test
    void plan_whenNothingIsRouted_givesTheFirstReleaseAllTrafficWhateverTheStrategy() {
        for (PublishStrategy strategy : List.of(PublishStrategy.ALL, PublishStrategy.STAGED, PublishStrategy.canary(5))) {
            RoutingConfig planned = RoutingPlanner.plan(RoutingConfig.empty(REF), NEW, strategy);

            assertThat(planned.weights()).containsExactly(new RouteWeight(NEW, 100));
            assertThat(RoutingPlanner.effectiveStrategy(RoutingConfig.empty(REF), strategy)).isEqualTo(PublishStrategy.ALL);
        }
    }

    @Test
    void plan_whenOnlyStagedReleasesExist_givesTheNewReleaseAllTraffic() {
        RoutingConfig onlyStaged = new RoutingConfig(REF, 3, List.of(), Stickiness.OFF, null);

        assertThat(RoutingPlanner.plan(onlyStaged, NEW, PublishStrategy.canary(10)).weights())
                .containsExactly(new RouteWeight(NEW, 100));
    }

    @Test
    void plan_all_routesOnlyTheNewReleaseAndKeepsRevisionAndStickiness() {
        RoutingConfig planned = RoutingPlanner.plan(routing(new RouteWeight(A, 60), new RouteWeight(B, 40)), NEW,
                PublishStrategy.ALL);

        assertThat(planned.weights()).containsExactly(new RouteWeight(NEW, 100));
        assertThat(planned.revision()).isEqualTo(7);
        assertThat(planned.stickiness()).isEqualTo(Stickiness.CALLER_KEY);
    }

    @Test
    void plan_staged_addsTheNewReleaseAtZeroFirstAndKeepsTheOthers() {
        RoutingConfig planned = RoutingPlanner.plan(routing(new RouteWeight(A, 60), new RouteWeight(B, 40)), NEW,
                PublishStrategy.STAGED);

        assertThat(planned.weights()).containsExactly(new RouteWeight(NEW, 0), new RouteWeight(A, 60), new RouteWeight(B, 40));
    }

    @Test
    void plan_canary_scalesTheOthersProportionally() {
        RoutingConfig planned = RoutingPlanner.plan(routing(new RouteWeight(A, 60), new RouteWeight(B, 40)), NEW,
                PublishStrategy.canary(10));

        assertThat(planned.weights()).containsExactly(new RouteWeight(NEW, 10), new RouteWeight(A, 54), new RouteWeight(B, 36));
    }

    @Test
    void plan_canary_roundsByLargestRemainderToExactlyOneHundred() {
        // Exact shares 29.7, 29.7, 30.6: floors 29, 29, 30 leave 2 units for the two largest remainders.
        RoutingConfig planned = RoutingPlanner.plan(routing(new RouteWeight(A, 33), new RouteWeight(B, 33),
                new RouteWeight(C, 34)), NEW, PublishStrategy.canary(10));

        assertThat(planned.weights()).containsExactly(new RouteWeight(NEW, 10), new RouteWeight(A, 30),
                new RouteWeight(B, 30), new RouteWeight(C, 30));
    }

    @Test
    void plan_canary_keepsStagedReleasesAtZero() {
        RoutingConfig planned = RoutingPlanner.plan(routing(new RouteWeight(A, 0), new RouteWeight(B, 100)), NEW,
                PublishStrategy.canary(25));

        assertThat(planned.weights()).containsExactly(new RouteWeight(NEW, 25), new RouteWeight(A, 0), new RouteWeight(B, 75));
    }

    @Test
    void plan_keepsTheShadowUnlessItMirrorsTheNewRelease() {
        RoutingConfig withShadow = new RoutingConfig(REF, 2, List.of(new RouteWeight(A, 100)), Stickiness.OFF, new Shadow(B, 5));

        assertThat(RoutingPlanner.plan(withShadow, NEW, PublishStrategy.ALL).shadow()).isEqualTo(new Shadow(B, 5));
        assertThat(RoutingPlanner.plan(withShadow, B, PublishStrategy.ALL).shadow()).isNull();
    }

    @Test
    void plan_forRandomRoutingsAndCanaries_alwaysSumsToOneHundredAndPreservesOrder() {
        Random random = new Random(20260115L);
        for (int run = 0; run < 2_000; run++) {
            List<RouteWeight> weights = randomWeights(random);
            int canary = 1 + random.nextInt(99);
            RoutingConfig current = routing(weights.toArray(RouteWeight[]::new));

            RoutingConfig planned = RoutingPlanner.plan(current, NEW, PublishStrategy.canary(canary));

            assertThat(planned.weights().stream().mapToInt(RouteWeight::weight).sum()).isEqualTo(100);
            assertThat(planned.weights().getFirst()).isEqualTo(new RouteWeight(NEW, canary));
            List<RouteWeight> rest = planned.weights().subList(1, planned.weights().size());
            assertThat(rest).extracting(RouteWeight::releaseId).containsExactlyElementsOf(
                    weights.stream().map(RouteWeight::releaseId).toList());
            for (int i = 0; i < rest.size(); i++) {
                double exact = weights.get(i).weight() * (100 - canary) / 100.0;
                assertThat((double) rest.get(i).weight()).as("run %d share %d", run, i).isBetween(Math.floor(exact), Math.ceil(exact));
            }
        }
    }

    private static List<RouteWeight> randomWeights(Random random) {
        int n = 1 + random.nextInt(6);
        int[] cuts = new int[n + 1];
        cuts[n] = 100;
        for (int i = 1; i < n; i++) {
            cuts[i] = random.nextInt(101);
        }
        java.util.Arrays.sort(cuts, 1, n);
        List<RouteWeight> weights = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            weights.add(new RouteWeight(new ReleaseId("rel-" + i), cuts[i + 1] - cuts[i]));
        }
        return weights;
    }
}
