package com.wfp.platform.routing;

import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.EventBus;
import com.wfp.platform.port.ReleaseCatalogue;
import com.wfp.platform.port.RoutingStore;
import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The gateway's {@link RouteDecider}s, one per workflow, loaded from the {@link ReleaseStore} on
 * first use and dropped when a {@code Published}, {@code TrafficChanged} or {@code RolledBack}
 * event names the workflow; the next call loads the new routing. While warm, a decision reads
 * one concurrent map and touches neither the store nor the clock unless a maximum age is set.
 *
 * <p>Where events can be lost or arrive late (EventBridge on AWS), give a maximum age: an entry
 * older than that is reloaded on its next use, bounding how long a stale routing can serve.
 * A load racing with an invalidation never caches what it read before the invalidation.
 * Close the cache to stop listening.
 */
public final class RoutingCache implements AutoCloseable {

    private record Entry(RouteDecider decider, long loadedAtNanos) {
    }

    private final ReleaseCatalogue catalogue;
    private final RoutingStore routingStore;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<WorkflowRef, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<WorkflowRef, AtomicLong> invalidations = new ConcurrentHashMap<>();
    /** Releases are immutable, so a version name once read is right for good: reloads read only the routing. */
    private final ConcurrentHashMap<ReleaseId, String> versionNames = new ConcurrentHashMap<>();
    private final AtomicLong loads = new AtomicLong();
    private final EventBus.Subscription subscription;

    /** A cache kept fresh by events alone. */
    public RoutingCache(ReleaseCatalogue catalogue, RoutingStore routingStore, EventBus events) {
        this(catalogue, routingStore, events, null, System::nanoTime);
    }

    /**
     * A cache kept fresh by events and by a maximum age.
     *
     * @param maxAge   how long an entry may serve without reloading; null for no limit
     * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    public RoutingCache(ReleaseCatalogue catalogue, RoutingStore routingStore, EventBus events, Duration maxAge, LongSupplier nanoTime) {
        this.catalogue = catalogue;
        this.routingStore = routingStore;
        this.maxAgeNanos = maxAge == null ? Long.MAX_VALUE : maxAge.toNanos();
        this.nanoTime = nanoTime;
        this.subscription = events == null ? () -> { } : events.subscribe(this::onEvent);
    }

    /**
     * A cache kept fresh by its maximum age alone, for a host that receives no events in process
     * (a route function on Lambda): a routing change reaches it within {@code maxAge}.
     */
    public static RoutingCache refreshedByAge(ReleaseCatalogue catalogue, RoutingStore routingStore, Duration maxAge) {
        return new RoutingCache(catalogue, routingStore, null, InputRules.required("maximum age", maxAge), System::nanoTime);
    }

    /**
     * The decider of the workflow's current routing.
     *
     * @throws DomainException as the store does when it must be read
     */
    public RouteDecider decider(WorkflowRef ref) {
        Entry entry = entries.get(ref);
        if (entry != null && (maxAgeNanos == Long.MAX_VALUE || nanoTime.getAsLong() - entry.loadedAtNanos < maxAgeNanos)) {
            return entry.decider;
        }
        return load(ref);
    }

    /** Shorthand for {@code decider(ref).decide(...)}. */
    public Decision decide(WorkflowRef ref, String pinnedVersion, String versionHeader, String stickyKey, long randomBits) {
        return decider(ref).decide(pinnedVersion, versionHeader, stickyKey, randomBits);
    }

    /** Drops the workflow's entry; its next decision reloads the routing. */
    public void invalidate(WorkflowRef ref) {
        // Counting first means a load that read the store before this point sees the count change.
        invalidations.computeIfAbsent(ref, r -> new AtomicLong()).incrementAndGet();
        entries.remove(ref);
    }

    /** How many workflows' routings are held, for monitoring. */
    public int cachedWorkflows() {
        return entries.size();
    }

    /** How many times the store was read, for monitoring the hit rate. */
    public long loads() {
        return loads.get();
    }

    private RouteDecider load(WorkflowRef ref) {
        long before = invalidationsOf(ref);
        loads.incrementAndGet();
        long loadedAt = nanoTime.getAsLong();
        RoutingConfig routing = routingStore.routing(ref);
        Map<ReleaseId, String> names = new HashMap<>();
        for (ReleaseId id : routing.referencedReleases()) {
            names.put(id, versionNames.computeIfAbsent(id, unknown -> catalogue.release(unknown)
                    .orElseThrow(() -> new DomainException("store.corrupt", 500,
                            "The routing of " + ref + " names release " + id + ", which the store does not hold",
                            "Restore the release store from a backup, or route the workflow to an existing release."))
                    .versionName()));
        }
        RouteDecider decider = RouteDecider.of(routing, names);
        if (routing.revision() == 0) {
            // Never routed: keeping it would let calls to made-up workflow names grow the cache without bound.
            return decider;
        }
        Entry loaded = new Entry(decider, loadedAt);
        entries.compute(ref, (r, current) -> {
            if (invalidationsOf(ref) != before) {
                return current;
            }
            return current == null || current.decider.revision() <= decider.revision() ? loaded : current;
        });
        return decider;
    }

    /** Counters exist only for workflows an event named, so made-up names leave nothing behind. */
    private long invalidationsOf(WorkflowRef ref) {
        AtomicLong counter = invalidations.get(ref);
        return counter == null ? 0 : counter.get();
    }

    private void onEvent(DomainEvent event) {
        switch (event) {
            case DomainEvent.Published p -> invalidate(p.ref());
            case DomainEvent.TrafficChanged t -> invalidate(t.ref());
            case DomainEvent.RolledBack r -> invalidate(r.ref());
            default -> {
                // Deployment progress and failures leave routing as it was.
            }
        }
    }

    @Override
    public void close() {
        subscription.close();
    }
}
