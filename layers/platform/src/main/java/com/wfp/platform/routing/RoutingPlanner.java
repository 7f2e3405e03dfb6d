package com.wfp.platform.routing;

import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.release.ReleaseId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Applies a publish strategy to a workflow's routing, giving the routing the new release should
 * be served by. Pure: the caller stores the result with a compare-and-set on the revision of
 * {@code current}.
 *
 * <ul>
 *   <li>ALL: the new release takes 100%; the others are no longer routed (they become retired).</li>
 *   <li>STAGED: the new release is routed at 0% (reachable by its pinned URL), the others keep their weights.</li>
 *   <li>CANARY n: the new release takes n%, the releases with traffic share the remaining
 *       100 - n in proportion to their current weights, rounded by largest remainder so the
 *       integer weights add up to exactly 100.</li>
 *   <li>The first release of a workflow (nothing routed yet) always takes 100%, whatever the strategy.</li>
 * </ul>
 * The new release is listed first; stickiness is kept; a shadow is kept unless it mirrors the
 * new release, which now takes real traffic. The layout moves as {@link RoutingConfig#withWeights}
 * moves it, so sticky callers of a release that keeps its weight stay where they are.
 */
public final class RoutingPlanner {

    private RoutingPlanner() {
    }

    /** The strategy that will actually apply: ALL when nothing is routed yet. */
    public static PublishStrategy effectiveStrategy(RoutingConfig current, PublishStrategy requested) {
        boolean anyTraffic = current.weights().stream().anyMatch(w -> w.weight() > 0);
        return anyTraffic ? requested : PublishStrategy.ALL;
    }

    /** The routing after publishing {@code newRelease} with {@code strategy}, at {@code current}'s revision. */
    public static RoutingConfig plan(RoutingConfig current, ReleaseId newRelease, PublishStrategy strategy) {
        List<RouteWeight> others = current.weights().stream().filter(w -> !w.releaseId().equals(newRelease)).toList();
        PublishStrategy applied = others.stream().anyMatch(w -> w.weight() > 0) ? strategy : PublishStrategy.ALL;
        List<RouteWeight> weights = new ArrayList<>();
        switch (applied.kind()) {
            case ALL -> weights.add(new RouteWeight(newRelease, 100));
            case STAGED -> {
                weights.add(new RouteWeight(newRelease, 0));
                weights.addAll(others);
            }
            case CANARY -> {
                weights.add(new RouteWeight(newRelease, applied.canaryPercent()));
                weights.addAll(scale(others, 100 - applied.canaryPercent()));
            }
        }
        Shadow shadow = current.shadow();
        boolean keepShadow = shadow != null && !shadow.releaseId().equals(newRelease);
        return current.withWeights(weights).withShadow(keepShadow ? shadow : null);
    }

    /**
     * Scales the weights (which add up to 100) to add up to {@code total}, by largest remainder:
     * each gets the floor of its exact share, and the units left go to the largest fractional
     * parts (ties: larger weight first, then list order). Demoting a release redistributes its
     * share this way too.
     */
    public static List<RouteWeight> scale(List<RouteWeight> weights, int total) {
        int sum = weights.stream().mapToInt(RouteWeight::weight).sum();
        int n = weights.size();
        int[] scaled = new int[n];
        long[] remainders = new long[n];
        int assigned = 0;
        for (int i = 0; i < n; i++) {
            long exact = (long) weights.get(i).weight() * total;
            scaled[i] = (int) (exact / sum);
            remainders[i] = exact % sum;
            assigned += scaled[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingLong(i -> -remainders[i])
                .thenComparingInt(i -> -weights.get(i).weight())
                .thenComparingInt(i -> i));
        for (int k = 0; k < total - assigned; k++) {
            scaled[order.get(k)]++;
        }
        List<RouteWeight> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            result.add(new RouteWeight(weights.get(i).releaseId(), scaled[i]));
        }
        return result;
    }
}
