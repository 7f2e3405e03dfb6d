package com.wfp.platform.traffic;

import com.wfp.platform.event.CommittedChangeEvents;
import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.EventBus;
import com.wfp.platform.port.PodManager;
import com.wfp.platform.port.ReleaseCatalogue;
import com.wfp.platform.port.RoutingStore;
import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.ReleaseQueries;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.Retirement;
import com.wfp.platform.routing.RoutableReleases;
import com.wfp.platform.routing.RouteWeight;
import com.wfp.platform.routing.RoutingChange;
import com.wfp.platform.routing.RoutingConfig;
import com.wfp.platform.routing.RoutingPlanner;
import com.wfp.platform.routing.Shadow;
import com.wfp.platform.routing.StaleRoutingException;
import com.wfp.platform.routing.Stickiness;
import com.wfp.workflow.error.DomainException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Changes who serves a workflow's production traffic: weights, promote and demote, blue/green
 * switch, stickiness, shadow, and rollback. Every change is one compare-and-set of the routing,
 * so it lands whole or not at all and leaves one history entry (who, when, before, after, why),
 * followed by a {@code TrafficChanged} event (and {@code RolledBack} for a rollback).
 *
 * <p>Rules: only releases of the workflow can be routed; a release that enters the routing, or
 * goes from 0% to some traffic, is first loaded into the user's pod when the pod does not hold
 * it, and the pod must confirm its sha256. Releases at 0% stay listed: they are demoted but
 * loaded, reachable by their pinned URL and ready for an instant promote or rollback. A version
 * is named by its version name or by its release id.
 *
 * <p>Operations other than {@link #setWeights} read the current routing and retry when another
 * change comes in between; {@link #setWeights} takes the revision the caller last read and fails
 * with 409 {@code routing.stale-revision} when it moved, since the caller chose every weight.
 */
public final class TrafficService {

    /** The newest releases of a workflow kept loaded whether routed or not. */
    public static final int KEEP_NEWEST_RELEASES = 5;
    /** How a rollback's entry in the routing history begins; {@link #rollbackTarget} counts them. */
    static final String ROLLBACK_ACTION = "rollback from ";

    /** Compare-and-set attempts of an operation that re-reads the routing; a rollback must win. */
    static final int ATTEMPTS = 8;

    private final ReleaseCatalogue catalogue;
    private final RoutingStore routingStore;
    private final PodManager pods;
    private final EventBus events;
    private final Clock clock;

    public TrafficService(ReleaseCatalogue catalogue, RoutingStore routingStore, PodManager pods, EventBus events, Clock clock) {
        this.catalogue = catalogue;
        this.routingStore = routingStore;
        this.pods = pods;
        this.events = new CommittedChangeEvents(events);
        this.clock = clock;
    }

    /** The workflow's current routing. */
    public RoutingConfig routing(WorkflowRef ref) {
        return routingStore.routing(ref);
    }

    /**
     * Sets every weight at once. Releases the routing lists but {@code weights} omits stay listed at
     * 0%; releases given 0% are listed as staged.
     *
     * @param weights whole percentages adding up to 100, by version name or release id
     * @throws DomainException 409 {@code routing.stale-revision} when the routing is no longer at
     *         {@code expectedRevision}; 404 {@code traffic.unknown-version}; 400 for weights out of
     *         range, not adding up to 100, or naming one release twice
     */
    public TrafficChange setWeights(WorkflowRef ref, long expectedRevision, Map<String, Integer> weights, String by,
                                    String why) {
        InputRules.required("weights", weights);
        Map<ReleaseId, Integer> wanted = new LinkedHashMap<>();
        Map<ReleaseId, Release> named = new HashMap<>();
        for (Map.Entry<String, Integer> e : weights.entrySet()) {
            Release release = resolveRoutable(ref, e.getKey());
            int weight = InputRules.required("weight of " + e.getKey(), e.getValue());
            new RouteWeight(release.id(), weight);
            if (wanted.put(release.id(), weight) != null) {
                throw DomainException.badRequest("traffic.duplicate-version",
                        "Version " + release.versionName() + " is named twice (by name and by release id)",
                        "Name each version once.");
            }
            named.put(release.id(), release);
        }
        RoutingConfig current = routingStore.routing(ref);
        if (current.revision() != expectedRevision) {
            throw new StaleRoutingException(ref, expectedRevision, current.revision());
        }
        List<RouteWeight> next = new ArrayList<>();
        wanted.forEach((id, weight) -> next.add(new RouteWeight(id, weight)));
        current.weights().stream().filter(w -> !wanted.containsKey(w.releaseId()))
                .forEach(w -> next.add(new RouteWeight(w.releaseId(), 0)));
        RoutingConfig planned = current.withWeights(newestFirst(ref, next));
        String action = "set weights";
        return commit(ref, current, planned, by, action, why);
    }

    /**
     * Gives one version all traffic; the others stay listed at 0% (demoted, still loaded).
     *
     * @throws DomainException 404 {@code traffic.unknown-version}
     */
    public TrafficChange promote(WorkflowRef ref, String version, String by, String why) {
        Release release = resolveRoutable(ref, version);
        return update(ref, by, "promote " + release.versionName() + " to 100%", why,
                current -> current.withWeights(allTo(ref, current, release.id())));
    }

    /**
     * Takes all unpinned traffic away from one version, which stays listed at 0%; its share goes
     * to the other serving releases in proportion to their weights.
     *
     * @throws DomainException 404 {@code traffic.unknown-version}; 409 {@code traffic.not-routed}
     *         when the version is not in the routing; 409 {@code traffic.last-serving-release}
     *         when no other release takes traffic
     */
    public TrafficChange demote(WorkflowRef ref, String version, String by, String why) {
        Release release = resolve(ref, version);
        return update(ref, by, "demote " + release.versionName() + " to 0%", why, current -> {
            int weight = current.weightOf(release.id()).orElseThrow(() -> notInRouting(ref, release));
            if (weight == 0) {
                return current;
            }
            List<RouteWeight> others = current.weights().stream()
                    .filter(w -> !w.releaseId().equals(release.id()) && w.weight() > 0).toList();
            if (others.isEmpty()) {
                throw DomainException.conflict("traffic.last-serving-release",
                        "Version " + release.versionName() + " is the only release serving " + ref
                                + "; demoting it would leave the workflow without traffic",
                        "Promote or set weights on another version first, or roll back to an earlier one.");
            }
            Map<ReleaseId, Integer> scaled = RoutingPlanner.scale(others, 100).stream()
                    .collect(Collectors.toMap(RouteWeight::releaseId, RouteWeight::weight));
            return current.withWeights(current.weights().stream()
                    .map(w -> new RouteWeight(w.releaseId(), scaled.getOrDefault(w.releaseId(), 0))).toList());
        });
    }

    /**
     * Gives a version {@code percent} of the traffic; the other serving releases share the rest in
     * proportion to their weights, and releases at 0% stay at 0%. The rollout's step.
     *
     * @throws DomainException 409 {@code traffic.nothing-else-serving} when {@code percent} is below
     *         100 and no other release takes traffic
     */
    public TrafficChange shift(WorkflowRef ref, String version, int percent, String by, String why) {
        return shift(ref, -1, version, percent, by, why);
    }

    /**
     * {@link #shift} at a known revision ({@code -1}: the current one, retrying races); a rollout
     * steps from the revision it last wrote so a change made meanwhile is refused, not overwritten.
     */
    public TrafficChange shift(WorkflowRef ref, long expectedRevision, String version, int percent, String by, String why) {
        Release release = resolveRoutable(ref, version);
        new RouteWeight(release.id(), percent);
        UnaryOperator<RoutingConfig> plan = current -> {
            List<RouteWeight> others = current.weights().stream()
                    .filter(w -> !w.releaseId().equals(release.id()) && w.weight() > 0).toList();
            if (percent == 100) {
                return current.withWeights(allTo(ref, current, release.id()));
            }
            if (others.isEmpty()) {
                throw DomainException.conflict("traffic.nothing-else-serving",
                        "No release other than " + release.versionName() + " serves " + ref + ", so it cannot take only "
                                + percent + "%",
                        "Give it 100% (promote), or first route another version.");
            }
            Map<ReleaseId, Integer> scaled = RoutingPlanner.scale(others, 100 - percent).stream()
                    .collect(Collectors.toMap(RouteWeight::releaseId, RouteWeight::weight));
            List<RouteWeight> next = new ArrayList<>();
            next.add(new RouteWeight(release.id(), percent));
            current.weights().stream().filter(w -> !w.releaseId().equals(release.id()))
                    .forEach(w -> next.add(new RouteWeight(w.releaseId(), scaled.getOrDefault(w.releaseId(), 0))));
            return current.withWeights(newestFirst(ref, next));
        };
        String action = "shift " + release.versionName() + " to " + percent + "%";
        if (expectedRevision < 0) {
            return update(ref, by, action, why, plan);
        }
        RoutingConfig current = routingStore.routing(ref);
        if (current.revision() != expectedRevision) {
            throw new StaleRoutingException(ref, expectedRevision, current.revision());
        }
        return commit(ref, current, plan.apply(current), by, action, why);
    }

    /**
     * Drops a version that takes no traffic from the routing: its pinned URL stops answering and,
     * unless it is among the newest {@value #KEEP_NEWEST_RELEASES}, it may be unloaded.
     *
     * @throws DomainException 409 {@code traffic.still-serving} when it still takes traffic
     */
    public TrafficChange retire(WorkflowRef ref, String version, String by, String why) {
        Release release = resolve(ref, version);
        return update(ref, by, "retire " + release.versionName(), why, current -> {
            Optional<Integer> weight = current.weightOf(release.id());
            if (weight.isPresent() && weight.get() > 0) {
                throw DomainException.conflict("traffic.still-serving",
                        "Version " + release.versionName() + " still takes " + weight.get() + "% of " + ref,
                        "Demote it to 0% first.");
            }
            List<RouteWeight> rest = current.weights().stream().filter(w -> !w.releaseId().equals(release.id())).toList();
            Shadow shadow = current.shadow() != null && current.shadow().releaseId().equals(release.id())
                    ? null : current.shadow();
            return current.withWeights(rest).withShadow(shadow);
        });
    }

    /**
     * Stops serving the workflow: its routed and pinned URLs answer 410 Gone with {@code reason}
     * from the next call on, nothing is routed or mirrored, and its releases stay as they were. A
     * publish, rollback, promote or new weights serve it again. Recorded in the routing history
     * like any routing change; retiring it again with another reason only changes the reason.
     *
     * @param reason what callers are told; a default when null or blank
     * @throws DomainException 404 {@code workflow.not-found} when it has no release; 400 for a
     *         reason over {@value Retirement#MAX_REASON_LENGTH} characters
     */
    public TrafficChange retireWorkflow(WorkflowRef ref, String reason, String by) {
        String checked = new Retirement(reason, List.of()).reason();
        if (catalogue.releases(ref).isEmpty()) {
            throw ReleaseQueries.unknownWorkflow(ref);
        }
        return update(ref, by, "retire the workflow", checked, current -> current.retire(checked));
    }

    /**
     * Blue/green: the release at 100% and the one at 0% swap.
     *
     * @throws DomainException 409 {@code traffic.not-blue-green} unless exactly one release takes
     *         100% and exactly one other is listed at 0%
     */
    public TrafficChange blueGreenSwitch(WorkflowRef ref, String by, String why) {
        return update(ref, by, "blue/green switch", why, current -> {
            List<RouteWeight> full = current.weights().stream().filter(w -> w.weight() == 100).toList();
            List<RouteWeight> idle = current.weights().stream().filter(w -> w.weight() == 0).toList();
            if (full.size() != 1 || idle.size() != 1) {
                throw DomainException.conflict("traffic.not-blue-green",
                        "A blue/green switch needs one release at 100% and one at 0%; " + ref + " routes "
                                + describe(ref, current),
                        "Promote the version that should take all traffic instead, or retire the extra staged versions.");
            }
            return current.withWeights(current.weights().stream()
                    .map(w -> new RouteWeight(w.releaseId(), 100 - w.weight())).toList());
        });
    }

    /** Sets how callers keep reaching the same release ({@code off}, {@code callerKey}, {@code header:NAME}). */
    public TrafficChange setStickiness(WorkflowRef ref, Stickiness stickiness, String by, String why) {
        InputRules.required("stickiness", stickiness);
        return update(ref, by, "stickiness " + stickiness.text(), why, current -> current.withStickiness(stickiness));
    }

    /**
     * Mirrors {@code percent} of the weighted calls to a version whose answers are discarded, or
     * stops mirroring when {@code version} is null.
     *
     * @throws DomainException 409 {@code traffic.shadow-serves} when the version already takes
     *         traffic; 400 {@code routing.invalid-shadow} for a percentage outside 1 to 100
     */
    public TrafficChange setShadow(WorkflowRef ref, String version, int percent, String by, String why) {
        if (version == null) {
            return update(ref, by, "remove shadow", why, current -> current.withShadow(null));
        }
        Release release = resolveRoutable(ref, version);
        Shadow shadow = new Shadow(release.id(), percent);
        return update(ref, by, "shadow " + release.versionName() + " at " + percent + "%", why, current -> {
            int weight = current.weightOf(release.id()).orElse(0);
            if (weight > 0) {
                throw DomainException.conflict("traffic.shadow-serves",
                        "Version " + release.versionName() + " already takes " + weight + "% of " + ref
                                + "; mirroring calls to it would run them twice",
                        "Shadow a version at 0% or not routed, or demote this one first.");
            }
            return current.withShadow(shadow);
        });
    }

    /**
     * Sends all traffic back to an earlier release, in one compare-and-set. The target is loaded
     * back into the pod first when the pod does not hold it; the releases that served stay listed
     * at 0%. Races with other changes are retried, so the rollback wins.
     *
     * The result's {@code fromRelease} is the release that loses the most traffic.
     *
     * @param targetVersion the version to return to, or null for {@link #rollbackTarget}: the
     *                      release that served before the last change
     * @throws DomainException 409 {@code rollback.no-previous} when there is no previous release
     */
    public RollbackResult rollback(WorkflowRef ref, String targetVersion, String by, String why) {
        long started = System.nanoTime();
        InputRules.userId("by", by);
        Optional<RollbackTarget> previous = targetVersion == null ? Optional.of(previousTarget(ref)) : Optional.empty();
        Release target = previous.map(RollbackTarget::release).orElseGet(() -> resolveRoutable(ref, targetVersion));
        String reason = previous.map(RollbackTarget::reason).orElse(null);
        // Checked even when the target is routed already: a restarted pod may have lost it.
        boolean loaded = !ensureLoaded(ref, List.of(target)).isEmpty();
        for (int attempt = 1; ; attempt++) {
            RoutingConfig current = routingStore.routing(ref);
            // What is rolled back: the release losing the most traffic, even when the target
            // already had more (a canary at 10% rolled back to the release at 90%).
            ReleaseId from = current.weights().stream()
                    .filter(w -> w.weight() > 0 && !w.releaseId().equals(target.id()))
                    .max(Comparator.comparingInt(RouteWeight::weight).thenComparingInt(w -> -current.weights().indexOf(w)))
                    .map(RouteWeight::releaseId).orElse(null);
            Shadow shadow = current.shadow() != null && current.shadow().releaseId().equals(target.id())
                    ? null : current.shadow();
            RoutingConfig planned = current.withWeights(allTo(ref, current, target.id())).withShadow(shadow);
            String fromName = from == null ? "nothing" : versionName(ref, from);
            String text = explain(ROLLBACK_ACTION + fromName + " to " + target.versionName(), ref, current, planned, why);
            if (planned.equals(current)) {
                return new RollbackResult(from, target.id(), target.versionName(), current, loaded, attempt,
                        Duration.ofNanos(System.nanoTime() - started), "", reason);
            }
            RoutingConfig stored;
            try {
                stored = routingStore.compareAndSetRouting(ref, current.revision(), planned, by, text);
            } catch (DomainException e) {
                if (isStale(e) && attempt < ATTEMPTS) {
                    continue;
                }
                throw e;
            }
            events.publish(new DomainEvent.RolledBack(ref, clock.instant(), from, target.id(), by));
            events.publish(new DomainEvent.TrafficChanged(ref, clock.instant(), stored, by, text));
            return new RollbackResult(from, target.id(), target.versionName(), stored, loaded, attempt,
                    Duration.ofNanos(System.nanoTime() - started), text, reason);
        }
    }

    /**
     * The workflow's releases the pod may drop: those its routing does not name (weighted, staged
     * or shadow) and that are not among its {@value #KEEP_NEWEST_RELEASES} newest. Newest first.
     */
    public List<Release> releasesSafeToUnload(WorkflowRef ref) {
        Set<ReleaseId> routed = routingStore.routing(ref).referencedReleases();
        return catalogue.releases(ref).stream().skip(KEEP_NEWEST_RELEASES).filter(r -> !routed.contains(r.id())).toList();
    }

    // ---- internals ----

    /** Re-reads the routing and retries when another change wins the compare-and-set. */
    private TrafficChange update(WorkflowRef ref, String by, String action, String why, UnaryOperator<RoutingConfig> plan) {
        InputRules.userId("by", by);
        for (int attempt = 1; ; attempt++) {
            RoutingConfig current = routingStore.routing(ref);
            if (current.revision() == 0 && catalogue.releases(ref).isEmpty()) {
                // A mistyped name would otherwise get a routing of its own, and seem to exist from then on.
                throw ReleaseQueries.unknownWorkflow(ref, "Workflow " + ref + " has no release, so it has no traffic to change");
            }
            try {
                return commit(ref, current, plan.apply(current), by, action, why);
            } catch (DomainException e) {
                if (!isStale(e) || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private TrafficChange commit(WorkflowRef ref, RoutingConfig current, RoutingConfig planned, String by, String action,
                                 String why) {
        InputRules.userId("by", by);
        if (planned.shadow() != null && planned.weightOf(planned.shadow().releaseId()).orElse(0) > 0) {
            // A release that now takes real traffic is no longer mirrored: its calls would run twice.
            planned = planned.withShadow(null);
        }
        if (planned.equals(current)) {
            return new TrafficChange(current, current, "", List.of());
        }
        List<Release> toLoad = new ArrayList<>();
        for (ReleaseId id : planned.referencedReleases()) {
            boolean wasReferenced = current.referencedReleases().contains(id);
            boolean startsServing = current.weightOf(id).orElse(0) == 0 && planned.weightOf(id).orElse(0) > 0;
            if (!wasReferenced || startsServing) {
                toLoad.add(catalogue.release(id).orElseThrow(() -> unknownRelease(ref, id.value())));
            }
        }
        List<ReleaseId> loaded = ensureLoaded(ref, toLoad);
        String text = explain(action, ref, current, planned, why);
        RoutingConfig stored = routingStore.compareAndSetRouting(ref, current.revision(), planned, by, text);
        events.publish(new DomainEvent.TrafficChanged(ref, clock.instant(), stored, by, text));
        return new TrafficChange(current, stored, text, loaded);
    }

    /** Loads into the user's pod those of {@code releases} it does not hold; returns the ones loaded. */
    private List<ReleaseId> ensureLoaded(WorkflowRef ref, List<Release> releases) {
        if (releases.isEmpty()) {
            return List.of();
        }
        String user = ref.user();
        pods.ensurePod(user);
        Set<ReleaseId> held = pods.health(user).loaded();
        List<ReleaseId> loaded = new ArrayList<>();
        for (Release release : releases) {
            if (held.contains(release.id())) {
                continue;
            }
            String confirmed = pods.load(user, release.id(), ref.workflow(), release.versionName(), release.definition());
            if (!release.sha256().equals(confirmed)) {
                pods.unload(user, release.id());
                throw DomainException.unavailable("pod.sha-mismatch",
                        "The pod confirmed sha256 " + confirmed + " for version " + release.versionName() + ", which has "
                                + release.sha256() + "; routing is unchanged",
                        "The definition changed on its way to the pod; try again, and restart the pod if it repeats.",
                        null);
            }
            loaded.add(release.id());
        }
        return loaded;
    }

    /** All traffic to {@code target}; every other listed release stays at 0%; newest first. */
    private List<RouteWeight> allTo(WorkflowRef ref, RoutingConfig current, ReleaseId target) {
        List<RouteWeight> next = new ArrayList<>();
        next.add(new RouteWeight(target, 100));
        current.weights().stream().filter(w -> !w.releaseId().equals(target))
                .forEach(w -> next.add(new RouteWeight(w.releaseId(), 0)));
        return newestFirst(ref, next);
    }

    private List<RouteWeight> newestFirst(WorkflowRef ref, List<RouteWeight> weights) {
        Map<ReleaseId, Long> seq = new HashMap<>();
        for (RouteWeight w : weights) {
            seq.put(w.releaseId(), catalogue.release(w.releaseId()).map(Release::seq).orElse(0L));
        }
        return weights.stream().sorted(Comparator.comparingLong((RouteWeight w) -> -seq.get(w.releaseId()))).toList();
    }

    private RollbackTarget previousTarget(WorkflowRef ref) {
        return rollbackTarget(ref).orElseThrow(() -> {
            String serving = routingStore.routing(ref).mostTraffic().flatMap(catalogue::release)
                    .map(Release::versionName).orElse("none");
            return DomainException.conflict("rollback.no-previous",
                    "No release of " + ref + " other than " + serving + " served before a change that is still in"
                            + " effect, so there is nothing to roll back to",
                    "Name the version to roll back to, or publish a fixed release.");
        });
    }

    /**
     * Where {@link #rollback} without a version would send all traffic, and why: the release that
     * took most traffic before the last change of the weights still in effect. Changes are read from
     * the routing history, newest first; each rollback in it undoes the change before it, so a second
     * rollback goes further back rather than forward to the release just rolled back. Changes of
     * stickiness or shadow alone are not changes of who serves, and a release that already takes all
     * traffic is no target. Reads only; changes nothing.
     *
     * @return empty when no such release exists (nothing was routed before, or every change was undone)
     */
    public Optional<RollbackTarget> rollbackTarget(WorkflowRef ref) {
        Map<ReleaseId, Integer> now = serving(routingStore.routing(ref));
        int undone = 0;
        for (RoutingChange change : routingStore.routingHistory(ref)) {
            if (serving(change.before()).equals(serving(change.after()))) {
                continue;
            }
            if (change.why().startsWith(ROLLBACK_ACTION)) {
                undone++;
                continue;
            }
            if (undone > 0) {
                undone--;
                continue;
            }
            Optional<ReleaseId> served = change.before().mostTraffic();
            if (served.isEmpty() || now.equals(Map.of(served.get(), 100))) {
                continue;
            }
            Optional<Release> release = catalogue.release(served.get());
            if (release.isPresent()) {
                String what = change.why().length() > 160 ? change.why().substring(0, 160) + "..." : change.why();
                return Optional.of(new RollbackTarget(release.get(), release.get().versionName()
                        + " is the release that served before the last change (revision " + change.revision() + " by "
                        + change.by() + " at " + change.at() + ": " + what + ")"));
            }
        }
        return Optional.empty();
    }

    /** Who takes traffic and how much: the weights above 0%. */
    private static Map<ReleaseId, Integer> serving(RoutingConfig routing) {
        return routing.weights().stream().filter(w -> w.weight() > 0)
                .collect(Collectors.toMap(RouteWeight::releaseId, RouteWeight::weight));
    }

    /**
     * {@link #resolve}, for a release about to take traffic (weighted, staged or mirrored): only
     * a release that passed its deployment qualifies.
     *
     * @throws DomainException 404 {@code traffic.unknown-version}; 409 {@code release.failed}
     *         when the release's deployment failed (or has not finished)
     */
    public Release resolveRoutable(WorkflowRef ref, String version) {
        Release release = resolve(ref, version);
        if (!RoutableReleases.load(routingStore, ref).routable(release.id())) {
            throw DomainException.conflict("release.failed",
                    "Version " + release.versionName() + " of " + ref + " failed its deployment (or is still deploying):"
                            + " it never passed loading, the health check and the dry run, so it can never take traffic",
                    "Fix the workflow and publish it under a new version name; the name " + release.versionName()
                            + " stays with the failed release. `wfp releases` shows which releases failed.");
        }
        return release;
    }

    /** A release of the workflow by version name, or by release id. */
    public Release resolve(WorkflowRef ref, String version) {
        InputRules.required("version", version);
        Optional<Release> byName = catalogue.releaseByVersion(ref, version);
        if (byName.isPresent()) {
            return byName.get();
        }
        try {
            Optional<Release> byId = catalogue.release(new ReleaseId(version)).filter(r -> r.ref().equals(ref));
            if (byId.isPresent()) {
                return byId.get();
            }
        } catch (DomainException notAnId) {
            // Neither a version name of the workflow nor a release id: reported below.
        }
        throw unknownRelease(ref, version);
    }

    private DomainException unknownRelease(WorkflowRef ref, String version) {
        List<String> names = catalogue.releases(ref).stream().map(Release::versionName).limit(20).toList();
        return DomainException.notFound("traffic.unknown-version",
                "Workflow " + ref + " has no release '" + version + "'"
                        + (names.isEmpty() ? "; it has no releases yet" : "; its releases: " + String.join(", ", names)),
                names.isEmpty() ? "Publish the workflow first." : "Name a published version or its release id.");
    }

    private DomainException notInRouting(WorkflowRef ref, Release release) {
        return DomainException.conflict("traffic.not-routed",
                "Version " + release.versionName() + " is not in the routing of " + ref,
                "Only routed versions can be demoted; the routing lists " + describe(ref, routingStore.routing(ref)) + ".");
    }

    private static boolean isStale(DomainException e) {
        return e instanceof StaleRoutingException;
    }

    private String versionName(WorkflowRef ref, ReleaseId id) {
        return catalogue.release(id).map(Release::versionName).orElse(id.value());
    }

    /** "promote v2 to 100%: v2 100%, v1 0% (was v1 100%, v2 0%); reason: ..." for the history. */
    private String explain(String action, WorkflowRef ref, RoutingConfig before, RoutingConfig after, String why) {
        String text = action + ": " + describe(ref, after) + " (was " + describe(ref, before) + ")";
        return why == null || why.isBlank() ? text : text + "; reason: " + why.strip();
    }

    private String describe(WorkflowRef ref, RoutingConfig routing) {
        if (routing.retired() != null) {
            return "retired";
        }
        if (routing.isEmpty() && routing.shadow() == null) {
            return "nothing routed";
        }
        StringJoiner parts = new StringJoiner(", ");
        routing.weights().forEach(w -> parts.add(versionName(ref, w.releaseId()) + " " + w.weight() + "%"));
        if (routing.shadow() != null) {
            parts.add("shadow " + versionName(ref, routing.shadow().releaseId()) + " " + routing.shadow().percent() + "%");
        }
        if (routing.stickiness().kind() != Stickiness.Kind.OFF) {
            parts.add("sticky by " + routing.stickiness().text());
        }
        return parts.toString();
    }
}
