package com.wfp.platform.routing;

import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Picks the release that serves one production call of a workflow: an immutable snapshot of one
 * routing revision, safe to share between threads, that allocates nothing per decision (every
 * possible {@link Decision} is built once, with the snapshot).
 *
 * <h2>Rules, first match wins</h2>
 * <ol>
 *   <li>{@link RouteReason#PINNED}: the URL {@code /v/{version}} names the version.</li>
 *   <li>{@link RouteReason#HEADER}: the {@code X-Workflow-Version} header names the version.</li>
 *   <li>{@link RouteReason#STICKY}: stickiness is on and the caller has a sticky key.</li>
 *   <li>{@link RouteReason#WEIGHTED}: a random draw against the weights.</li>
 * </ol>
 * A pin or header may name any release the routing lists: the ones with traffic, the ones staged
 * or demoted at 0% and the shadow. The pod holds exactly those (it is what
 * {@code ReleaseStore.routedReleases} reloads), so a version outside the routing may not be
 * loaded and is refused with 404 {@code route.unknown-version} listing the live versions. A
 * pin wins over a header because it is part of the address the caller chose.
 *
 * <h2>Stickiness</h2>
 * A stable 64-bit hash of the sticky key picks one of the 100 percent units of the routing's
 * {@linkplain RoutingConfig#layout() layout}, uniformly, and the unit's owner serves the call:
 * one array lookup. A release with weight w owns w units, so it receives its weight's share of
 * the keys. Because every routing change moves the layout through
 * {@link RoutingConfig#withWeights}, which hands a unit only from a release that lost weight to
 * one that gained it, the guarantee for any key, any number of releases and any sequence of
 * changes is: <b>it moves from release A to release B only if A's weight went down and B's went
 * up</b>. A caller whose release keeps its weight never moves, nor one whose release gains
 * weight; a caller stays put when a release is staged at 0%; and going from 50/50 to 70/30 moves
 * exactly the 20% of callers whose units changed hands. The layout is stored with the routing
 * rather than computed from the weights because no rule reading only the current weights can
 * keep that promise once three releases are routed: where the units lie depends on the changes
 * that came before.
 *
 * <h2>Weighted draw and shadow</h2>
 * The caller supplies 64 random bits per call; the draw maps them uniformly onto [0, 100) and
 * the weights, in routing order, cover that range. A call routed by weight or stickiness is also
 * mirrored to the shadow release with the shadow's percentage, by an independent draw derived
 * from the same bits; pinned and header calls ask for one exact version and are never mirrored,
 * nor is a call the shadow release itself serves.
 */
public final class RouteDecider {

    /** The request header that asks for one version of a routed workflow, and that answers say who served. */
    public static final String VERSION_HEADER = "X-Workflow-Version";

    private static final long KEY_SEED = 0x5bd1e9955bd1e995L;
    private static final long SHADOW_SALT = 0x9e3779b97f4a7c15L;
    private static final RouteReason[] REASONS = RouteReason.values();

    private final WorkflowRef ref;
    private final long revision;
    private final Stickiness stickiness;
    private final Map<String, Route> byVersion;
    private final List<String> liveVersions;
    private final String describedVersions;
    private final Route[] serving;
    private final int[] cumulativeWeights;
    /** For each percent unit, the index in {@link #serving} of the release that owns it. */
    private final int[] unitOwners;
    private final int shadowPercent;
    private final Retirement retirement;

    /** Everything one release can be routed as, built once. */
    private static final class Route {
        final ReleaseId id;
        final Decision[] plain = new Decision[REASONS.length];
        final Decision[] mirrored = new Decision[REASONS.length];

        Route(ReleaseId id, String versionName, ReleaseId shadow) {
            this.id = id;
            for (RouteReason reason : REASONS) {
                plain[reason.ordinal()] = new Decision(id, versionName, reason, null);
                mirrored[reason.ordinal()] = shadow == null || shadow.equals(id)
                        ? plain[reason.ordinal()] : new Decision(id, versionName, reason, shadow);
            }
        }
    }

    private RouteDecider(RoutingConfig routing, Map<ReleaseId, String> versionNames) {
        this.ref = routing.ref();
        this.revision = routing.revision();
        this.stickiness = routing.stickiness();
        this.retirement = routing.retired();
        Shadow shadow = routing.shadow();
        ReleaseId shadowId = shadow == null ? null : shadow.releaseId();
        this.shadowPercent = shadow == null ? 0 : shadow.percent();

        Map<String, Route> routes = new HashMap<>();
        List<String> names = new ArrayList<>();
        StringJoiner described = new StringJoiner(", ");
        List<Route> servingRoutes = new ArrayList<>();
        List<RouteWeight> servingWeights = new ArrayList<>();
        for (RouteWeight w : routing.weights()) {
            String name = nameOf(versionNames, w.releaseId());
            Route route = new Route(w.releaseId(), name, shadowId);
            routes.put(name, route);
            names.add(name);
            described.add(name + " (" + w.weight() + "%" + (w.weight() == 0 ? ", staged" : "") + ")");
            if (w.weight() > 0) {
                servingRoutes.add(route);
                servingWeights.add(w);
            }
        }
        if (shadowId != null && !routing.routes(shadowId)) {
            String name = nameOf(versionNames, shadowId);
            routes.put(name, new Route(shadowId, name, shadowId));
            names.add(name);
            described.add(name + " (shadow)");
        }
        this.byVersion = Map.copyOf(routes);
        this.liveVersions = List.copyOf(names);
        this.describedVersions = names.isEmpty() ? "none" : described.toString();
        int n = servingRoutes.size();
        this.serving = servingRoutes.toArray(new Route[0]);
        this.cumulativeWeights = new int[n];
        Map<ReleaseId, Integer> servingIndex = new HashMap<>();
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += servingWeights.get(i).weight();
            cumulativeWeights[i] = sum;
            servingIndex.put(serving[i].id, i);
        }
        List<ReleaseId> owners = routing.unitOwners();
        this.unitOwners = new int[owners.size()];
        for (int unit = 0; unit < owners.size(); unit++) {
            unitOwners[unit] = servingIndex.get(owners.get(unit));
        }
    }

    /**
     * The decider for one routing revision.
     *
     * @param versionNames the version name of every release the routing names (weights and shadow)
     * @throws DomainException 500 {@code route.release-missing} when a routed release has no name
     */
    public static RouteDecider of(RoutingConfig routing, Map<ReleaseId, String> versionNames) {
        return new RouteDecider(routing, versionNames);
    }

    /** The decider for one routing revision, naming releases from {@code releases} (extra ones are ignored). */
    public static RouteDecider of(RoutingConfig routing, Collection<Release> releases) {
        Map<ReleaseId, String> names = new HashMap<>();
        releases.forEach(r -> names.put(r.id(), r.versionName()));
        return new RouteDecider(routing, names);
    }

    private static String nameOf(Map<ReleaseId, String> versionNames, ReleaseId id) {
        String name = versionNames.get(id);
        if (name == null) {
            throw new DomainException("route.release-missing", 500,
                    "The routing names release " + id + " but its version name is unknown",
                    "Check that the release store still holds every routed release.");
        }
        return name;
    }

    /**
     * Decides where one call goes.
     *
     * @param pinnedVersion the version from the URL {@code /v/{version}}, or null
     * @param versionHeader the {@code X-Workflow-Version} header, or null
     * @param stickyKey     the caller's API key id or the configured header's value when
     *                      {@link #stickiness()} is on; null or empty when there is none
     * @param randomBits    64 fresh random bits (tests pass seeded values)
     * @throws UnknownVersionException 404 when the pin or header names a version not in the routing
     * @throws DomainException         404 {@code route.not-routed} when no release takes traffic
     */
    public Decision decide(String pinnedVersion, String versionHeader, String stickyKey, long randomBits) {
        if (pinnedVersion != null) {
            return named(pinnedVersion).plain[RouteReason.PINNED.ordinal()];
        }
        if (versionHeader != null) {
            return named(versionHeader).plain[RouteReason.HEADER.ordinal()];
        }
        if (serving.length == 0) {
            throw notRouted();
        }
        RouteReason reason;
        Route route;
        if (stickiness.kind() != Stickiness.Kind.OFF && stickyKey != null && !stickyKey.isEmpty()) {
            reason = RouteReason.STICKY;
            route = serving[stickyIndex(stickyKey)];
        } else {
            reason = RouteReason.WEIGHTED;
            route = serving[weightedIndex(randomBits)];
        }
        boolean mirror = shadowPercent > 0
                && StableHash.below(StableHash.mix(randomBits ^ SHADOW_SALT), 100) < shadowPercent;
        return mirror ? route.mirrored[reason.ordinal()] : route.plain[reason.ordinal()];
    }

    private Route named(String version) {
        Route route = byVersion.get(version);
        if (route == null) {
            throw new UnknownVersionException(ref, version, liveVersions, describedVersions);
        }
        return route;
    }

    private int weightedIndex(long randomBits) {
        int slot = StableHash.below(randomBits, 100);
        int i = 0;
        while (slot >= cumulativeWeights[i]) {
            i++;
        }
        return i;
    }

    private int stickyIndex(String stickyKey) {
        return unitOwners[StableHash.below(StableHash.of(stickyKey, KEY_SEED), RoutingConfig.UNITS)];
    }

    private DomainException notRouted() {
        return DomainException.notFound("route.not-routed", "Workflow " + ref + " has no release taking traffic",
                "Publish a release of it, or promote a staged one, to serve its production URL.");
    }

    /** The workflow this decider routes. */
    public WorkflowRef ref() {
        return ref;
    }

    /** The routing revision it was built from. */
    public long revision() {
        return revision;
    }

    /** Which sticky key the gateway should pass: none, the caller's API key id, or a header's value. */
    public Stickiness stickiness() {
        return stickiness;
    }

    /** The versions a pin or header may name, in routing order, the shadow last. */
    public List<String> liveVersions() {
        return liveVersions;
    }

    /** Why the workflow no longer serves, or null while it does. */
    public Retirement retirement() {
        return retirement;
    }

    /** True when some release takes unpinned traffic. */
    public boolean serves() {
        return serving.length > 0;
    }
}
