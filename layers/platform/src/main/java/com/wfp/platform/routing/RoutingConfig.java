package com.wfp.platform.routing;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which releases of a workflow serve its production URL and in what shares. Changes go through
 * a compare-and-set on {@link #revision()}, so two concurrent changes cannot silently overwrite
 * each other. A workflow never routed has revision 0 and no weights.
 *
 * <h2>Layout</h2>
 * The percent units 0 to 99 each belong to one release with traffic, a release with weight w
 * owning exactly w of them; a sticky caller is served by the owner of the unit its key hashes
 * to. The layout is stored with the routing because where the units lie is history, not a
 * function of the weights: {@link #withWeights} moves a unit only from a release whose weight
 * went down to one whose weight went up, so a caller whose release keeps its weight never moves,
 * however many releases are routed and whatever changes came before. A routing given without a
 * layout (one stored before layouts existed, or a new one) gets the default: each release's
 * units contiguous, in the order of the weights.
 *
 * @param ref        the workflow
 * @param revision   0 before the first change, then +1 per change
 * @param weights    the routed releases, newest first by convention; each at most once, weights
 *                   summing to exactly 100 when the list is not empty
 * @param stickiness how callers keep reaching the same release
 * @param shadow     the mirrored release, or null for none
 * @param layout     which release owns which percent units, as segments in unit order with
 *                   neighbours of one release merged; null or empty for the default layout
 * @param retired    why the workflow no longer serves, or null while it may; a retired routing
 *                   has no weights and no shadow
 */
public record RoutingConfig(WorkflowRef ref, long revision, List<RouteWeight> weights, Stickiness stickiness,
                            Shadow shadow, List<LayoutSegment> layout,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Retirement retired) {

    /** The number of percent units a layout divides: one per whole percent. */
    public static final int UNITS = 100;

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
        layout = layout == null || layout.isEmpty() ? defaultLayout(weights) : checkedLayout(ref, weights, layout);
        if (retired != null && (!weights.isEmpty() || shadow != null)) {
            throw DomainException.conflict("routing.retired",
                    "Workflow " + ref + " is retired, so nothing may be routed or mirrored to it",
                    "Publish it again, or roll back or promote a version, to serve it again.");
        }
    }

    /** A routing that is not retired. */
    public RoutingConfig(WorkflowRef ref, long revision, List<RouteWeight> weights, Stickiness stickiness,
                         Shadow shadow, List<LayoutSegment> layout) {
        this(ref, revision, weights, stickiness, shadow, layout, null);
    }

    /** A routing with the default layout: each release's units contiguous, in the order of the weights. */
    public RoutingConfig(WorkflowRef ref, long revision, List<RouteWeight> weights, Stickiness stickiness,
                         Shadow shadow) {
        this(ref, revision, weights, stickiness, shadow, null, null);
    }

    /** The routing of a workflow that has never been routed. */
    public static RoutingConfig empty(WorkflowRef ref) {
        return new RoutingConfig(ref, 0, List.of(), Stickiness.OFF, null);
    }

    /**
     * This routing, checked to be the routing of {@code ref}: the one place that refuses a
     * routing written under another workflow's name.
     *
     * @throws DomainException 400 {@code routing.wrong-workflow}
     */
    public RoutingConfig requireOf(WorkflowRef workflow) {
        if (!ref.equals(workflow)) {
            throw DomainException.badRequest("routing.wrong-workflow",
                    "The routing given is for " + ref + ", not " + workflow,
                    "Send the routing of the workflow named in the request.");
        }
        return this;
    }

    /** Same routing at another revision. */
    public RoutingConfig withRevision(long newRevision) {
        return new RoutingConfig(ref, newRevision, weights, stickiness, shadow, layout, retired);
    }

    /** Same routing with another stickiness. */
    public RoutingConfig withStickiness(Stickiness newStickiness) {
        return new RoutingConfig(ref, revision, weights, newStickiness, shadow, layout, retired);
    }

    /** Same routing with another shadow, or none when {@code newShadow} is null. */
    public RoutingConfig withShadow(Shadow newShadow) {
        return new RoutingConfig(ref, revision, weights, stickiness, newShadow, layout, retired);
    }

    /**
     * This routing retired: nothing routed or mirrored, stickiness kept for when it serves again.
     * The releases taking traffic now are remembered in the retirement.
     */
    public RoutingConfig retire(String reason) {
        List<ReleaseId> served = retired != null ? retired.lastServed()
                : weights.stream().filter(w -> w.weight() > 0).map(RouteWeight::releaseId).toList();
        return new RoutingConfig(ref, revision, List.of(), stickiness, null, null, new Retirement(reason, served));
    }

    /**
     * Same routing with other weights, its layout changed as little as the new weights allow:
     * every routing change derives its config from the current one through here. A release
     * whose weight went down gives up its highest units, one no longer routed (or at 0%) gives up
     * all of them; a release whose weight went up, new ones included, takes the lowest free
     * units, releases in the order of {@code newWeights}; a release whose weight holds keeps
     * exactly its units. A unit therefore changes owner only from a release that lost weight to
     * one that gained it. Weights that route anything end a retirement: the workflow serves again.
     *
     * @throws DomainException 400 when the new weights are not a valid routing
     */
    public RoutingConfig withWeights(List<RouteWeight> newWeights) {
        if (newWeights != null && newWeights.isEmpty()) {
            return new RoutingConfig(ref, revision, newWeights, stickiness, shadow, null, retired);
        }
        RoutingConfig next = new RoutingConfig(ref, revision, newWeights, stickiness, shadow, null);
        ReleaseId[] owners = ownerArray(layout);
        Map<ReleaseId, Integer> target = new HashMap<>();
        next.weights.forEach(w -> target.put(w.releaseId(), w.weight()));
        Map<ReleaseId, Integer> held = new HashMap<>();
        for (ReleaseId owner : owners) {
            if (owner != null) {
                held.merge(owner, 1, Integer::sum);
            }
        }
        for (int unit = UNITS - 1; unit >= 0; unit--) {
            ReleaseId owner = owners[unit];
            if (owner != null && held.get(owner) > target.getOrDefault(owner, 0)) {
                owners[unit] = null;
                held.merge(owner, -1, Integer::sum);
            }
        }
        int free = 0;
        for (RouteWeight w : next.weights) {
            for (int missing = w.weight() - held.getOrDefault(w.releaseId(), 0); missing > 0; missing--) {
                while (owners[free] != null) {
                    free++;
                }
                owners[free] = w.releaseId();
            }
        }
        return new RoutingConfig(ref, revision, next.weights, stickiness, shadow, segments(owners));
    }

    /** The owner of each percent unit, 100 entries; empty when nothing is routed. */
    public List<ReleaseId> unitOwners() {
        return weights.isEmpty() ? List.of() : List.of(ownerArray(layout));
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

    private static List<LayoutSegment> defaultLayout(List<RouteWeight> weights) {
        List<LayoutSegment> segments = new ArrayList<>();
        int start = 0;
        for (RouteWeight w : weights) {
            if (w.weight() > 0) {
                segments.add(new LayoutSegment(w.releaseId(), start, start + w.weight()));
                start += w.weight();
            }
        }
        return List.copyOf(segments);
    }

    private static List<LayoutSegment> checkedLayout(WorkflowRef ref, List<RouteWeight> weights,
                                                     List<LayoutSegment> layout) {
        ReleaseId[] owners = new ReleaseId[UNITS];
        Map<ReleaseId, Integer> held = new HashMap<>();
        for (LayoutSegment segment : layout) {
            InputRules.required("layout segment", segment);
            for (int unit = segment.start(); unit < segment.end(); unit++) {
                if (owners[unit] != null) {
                    throw invalidLayout(ref, "percent unit " + unit + " belongs to both " + owners[unit] + " and "
                            + segment.releaseId());
                }
                owners[unit] = segment.releaseId();
            }
            held.merge(segment.releaseId(), segment.end() - segment.start(), Integer::sum);
        }
        for (RouteWeight w : weights) {
            int units = held.getOrDefault(w.releaseId(), 0);
            if (units != w.weight()) {
                throw invalidLayout(ref, "release " + w.releaseId() + " has weight " + w.weight() + " but owns "
                        + units + " percent units");
            }
            held.remove(w.releaseId());
        }
        if (!held.isEmpty()) {
            throw invalidLayout(ref, "it gives percent units to " + held.keySet().iterator().next()
                    + ", which the weights do not route");
        }
        // Units covered == sum of the weights == 100 (or the weights are empty and so is every unit).
        return weights.isEmpty() ? List.of() : segments(owners);
    }

    private static DomainException invalidLayout(WorkflowRef ref, String problem) {
        return DomainException.badRequest("routing.invalid-layout",
                "The layout of the routing of " + ref + " does not match its weights: " + problem,
                "Leave the layout out to have it derived from the weights, or give each release exactly as many "
                        + "units as its weight.");
    }

    private static ReleaseId[] ownerArray(List<LayoutSegment> layout) {
        ReleaseId[] owners = new ReleaseId[UNITS];
        for (LayoutSegment segment : layout) {
            Arrays.fill(owners, segment.start(), segment.end(), segment.releaseId());
        }
        return owners;
    }

    /** Segments in unit order, neighbouring units of one release merged: one form per layout, so equals holds. */
    private static List<LayoutSegment> segments(ReleaseId[] owners) {
        List<LayoutSegment> segments = new ArrayList<>();
        int start = 0;
        for (int unit = 1; unit <= UNITS; unit++) {
            if (unit == UNITS || !owners[unit].equals(owners[start])) {
                segments.add(new LayoutSegment(owners[start], start, unit));
                start = unit;
            }
        }
        return List.copyOf(segments);
    }
}
