package com.wfp.platform.routing;

import com.wfp.platform.release.ReleaseId;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random routings for the seeded property tests of layouts and route decisions. */
public final class RandomWeights {

    private RandomWeights() {
    }

    /**
     * Two to six of the candidates (at most all of them) in random order, with random weights
     * summing to 100, some possibly 0: cut points drawn at random in [0, 100].
     */
    public static List<RouteWeight> over(List<ReleaseId> candidates, SplittableRandom random) {
        List<ReleaseId> ids = new ArrayList<>(candidates);
        for (int i = ids.size() - 1; i > 0; i--) {
            java.util.Collections.swap(ids, i, random.nextInt(i + 1));
        }
        int n = Math.min(ids.size(), 2 + random.nextInt(5));
        int[] cuts = random.ints(n - 1, 0, 101).sorted().toArray();
        List<RouteWeight> weights = new ArrayList<>();
        int last = 0;
        for (int i = 0; i < n; i++) {
            int cut = i < n - 1 ? cuts[i] : 100;
            weights.add(new RouteWeight(ids.get(i), cut - last));
            last = cut;
        }
        return weights;
    }
}
