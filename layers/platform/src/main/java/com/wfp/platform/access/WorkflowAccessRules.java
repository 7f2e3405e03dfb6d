package com.wfp.platform.access;

import com.wfp.platform.event.DomainEvent;
import com.wfp.platform.port.EventBus;
import com.wfp.platform.port.ReleaseCatalogue;
import com.wfp.platform.port.RoutingStore;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.RoutingConfig;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The {@link TriggerAccess} of each production URL, read from the releases that can serve it: a
 * version's own release when one is asked for, else every release the routing names (the
 * strictest of them wins, since the release is picked only after the call is let in). Cached
 * per workflow and dropped on the events that change routing, as the routing cache is; a
 * release's rules are cached for good, releases being immutable. A workflow nothing is known
 * of needs an API key.
 */
public final class WorkflowAccessRules implements AutoCloseable {

    private record Key(WorkflowRef ref, String version) {
    }

    private record Entry(TriggerAccess access, long loadedAtNanos) {
    }

    /** Bounds the memory made-up URLs can take. */
    private static final int MAX_ENTRIES = 10_000;

    private final ReleaseCatalogue catalogue;
    private final RoutingStore routingStore;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ReleaseId, TriggerAccess> byRelease = new ConcurrentHashMap<>();
    private final AtomicLong invalidations = new AtomicLong();
    private final EventBus.Subscription subscription;

    /**
     * @param events where routing changes are heard, or null for a host that hears none
     * @param maxAge how long an entry serves before it is read again; null for no limit
     */
    public WorkflowAccessRules(ReleaseCatalogue catalogue, RoutingStore routingStore, EventBus events, Duration maxAge, LongSupplier nanoTime) {
        this.catalogue = catalogue;
        this.routingStore = routingStore;
        this.maxAgeNanos = maxAge == null ? Long.MAX_VALUE : maxAge.toNanos();
        this.nanoTime = nanoTime;
        this.subscription = events == null ? () -> { } : events.subscribe(this::onEvent);
    }

    /** The rules for a call to {@code ref}, for one version when {@code version} is not null. */
    public TriggerAccess of(WorkflowRef ref, String version) {
        Key key = new Key(ref, version);
        Entry entry = entries.get(key);
        long now = nanoTime.getAsLong();
        if (entry != null && (maxAgeNanos == Long.MAX_VALUE || now - entry.loadedAtNanos < maxAgeNanos)) {
            return entry.access;
        }
        long before = invalidations.get();
        TriggerAccess access = load(ref, version);
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(access, now));
        if (invalidations.get() != before) {
            // A change landed while this load read the store: what it read may be stale.
            entries.remove(key);
        }
        return access;
    }

    private TriggerAccess load(WorkflowRef ref, String version) {
        if (version != null) {
            Optional<Release> release = catalogue.releaseByVersion(ref, version);
            return release.map(this::ofRelease).orElse(TriggerAccess.DEFAULT);
        }
        RoutingConfig routing = routingStore.routing(ref);
        TriggerAccess combined = null;
        // A retired workflow keeps asking what its last releases asked, so only a caller who could
        // call it learns that it is gone.
        for (ReleaseId id : routing.retired() != null ? java.util.Set.copyOf(routing.retired().lastServed())
                : routing.referencedReleases()) {
            TriggerAccess access = catalogue.release(id).map(this::ofRelease).orElse(TriggerAccess.DEFAULT);
            combined = combined == null ? access : combined.and(access);
        }
        return combined == null ? TriggerAccess.DEFAULT : combined;
    }

    private TriggerAccess ofRelease(Release release) {
        return byRelease.computeIfAbsent(release.id(), id -> TriggerAccess.of(release.definition()));
    }

    /** Drops what is held for the workflow; the next call reads it again. */
    public void invalidate(WorkflowRef ref) {
        invalidations.incrementAndGet();
        entries.keySet().removeIf(key -> key.ref().equals(ref));
    }

    private void onEvent(DomainEvent event) {
        switch (event) {
            case DomainEvent.Published p -> invalidate(p.ref());
            case DomainEvent.TrafficChanged t -> invalidate(t.ref());
            case DomainEvent.RolledBack r -> invalidate(r.ref());
            default -> {
                // Other events leave the routing, and so the rules, as they were.
            }
        }
    }

    @Override
    public void close() {
        subscription.close();
    }
}
