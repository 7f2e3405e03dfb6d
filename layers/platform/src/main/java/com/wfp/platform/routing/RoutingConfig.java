package com.wfp.platform.routing;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which releases of a workflow serve its production URL and in what shares. Changes go through
 * a compare-and-set on {@link #revision()}, so two concurrent changes cannot silently overwrite
 * each other. A workflow never routed has revision 0 and no weights.
 *
 * @param ref        the workflow
 * @param revision   0 before the first change, then +1 per change
 * @param weights    the routed releases, newest first by convention; each at most once, weights
 *                   summing to exactly 100 when the list is not empty
 * @param stickiness how callers keep reaching the same release
 * @param shadow     the mirrored release, or null for none
 */
public record RoutingConfig(WorkflowRef ref, long revision, List<RouteWeight> weights, Stickiness stickiness,
                            Shadow shadow) {

    public RoutingConfig {
        InputRules.required("workflow", ref);
        if (revision < 0) {
            throw DomainException.badRequest("routing.invalid-revision", "A routing revision is never negative",
                    "Send the revision you last read.");
        }
        weights = List.copyOf(InputRules.required("weights", weights));
        stickiness = stickiness == null ? Stickiness.OFF : stickiness;
        Set<ReleaseId> seen = new HashSet<>();
        int sum = 0;
        for (RouteWeight w : weights) {
            if (!seen.add(w.releaseId())) {
                throw DomainException.badRequest("routing.duplicate-release",
                        "Release " + w.releaseId() + " appears twice in the routing of " + ref,
                        "List each release once with its total weight.");
            }
            sum += w.weight();
        }
        if (!weights.isEmpty() && sum != 100) {
            throw DomainException.badRequest("routing.weights-sum",
                    "The weights of " + ref + " add up to " + sum + "%, not 100%",
                    "Adjust the weights so that they add up to exactly 100.");
        }
    }

    /** The routing of a workflow that has never been routed. */
    public static RoutingConfig empty(WorkflowRef ref) {
        return new RoutingConfig(ref, 0, List.of(), Stickiness.OFF, null);
    }

    /** Same routing at another revision. */
    public RoutingConfig withRevision(long newRevision) {
        return new RoutingConfig(ref, newRevision, weights, stickiness, shadow);
    }

    /** Same routing with other weights. */
    public RoutingConfig withWeights(List<RouteWeight> newWeights) {
        return new RoutingConfig(ref, revision, newWeights, stickiness, shadow);
    }

    /** The shadow, when one is set. */
    public Optional<Shadow> shadowRelease() {
        return Optional.ofNullable(shadow);
    }

    /** True when nothing is routed. */
    @JsonIgnore
    public boolean isEmpty() {
        return weights.isEmpty();
    }

    /** The release's weight, or empty when it is not routed. */
    public Optional<Integer> weightOf(ReleaseId releaseId) {
        return weights.stream().filter(w -> w.releaseId().equals(releaseId)).map(RouteWeight::weight).findFirst();
    }

    /** True when the release is listed (even at 0%). */
    public boolean routes(ReleaseId releaseId) {
        return weightOf(releaseId).isPresent();
    }

    /** Every release this config can send calls to: the weighted ones and the shadow. */
    public Set<ReleaseId> referencedReleases() {
        Set<ReleaseId> ids = new HashSet<>();
        weights.forEach(w -> ids.add(w.releaseId()));
        if (shadow != null) {
            ids.add(shadow.releaseId());
        }
        return ids;
    }

    /** The release taking most traffic; on a tie the one listed first. Empty when nothing is routed. */
    public Optional<ReleaseId> mostTraffic() {
        return weights.stream()
                .filter(w -> w.weight() > 0)
                .max(Comparator.comparingInt(RouteWeight::weight)
                        .thenComparingInt(w -> -weights.indexOf(w)))
                .map(RouteWeight::releaseId);
    }
}
