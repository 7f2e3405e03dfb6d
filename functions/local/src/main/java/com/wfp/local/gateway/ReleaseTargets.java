package com.wfp.local.gateway;

import com.wfp.platform.port.ReleaseStore;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.ReleaseQueries;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.routing.Stickiness;
import com.wfp.platform.traffic.Decision;
import com.wfp.platform.traffic.RouteDecider;
import com.wfp.platform.traffic.RoutingCache;
import com.wfp.workflow.error.DomainException;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Picks the release that serves a data path call, in memory: routed calls through the
 * {@link RoutingCache} (kept fresh by traffic events), pinned calls from a cache of version
 * names, which never goes stale because releases are immutable.
 */
final class ReleaseTargets {

    /** The release a call goes to. */
    record Target(ReleaseId releaseId, String versionName) {
    }

    private final RoutingCache routing;
    private final ReleaseStore store;
    private final ReleaseQueries queries;
    private final ConcurrentHashMap<String, Target> pinned = new ConcurrentHashMap<>();

    ReleaseTargets(RoutingCache routing, ReleaseStore store) {
        this.routing = routing;
        this.store = store;
        this.queries = new ReleaseQueries(store);
    }

    /**
     * The release the routing picks; the {@code X-Workflow-Version} header may ask for a routed version.
     *
     * @param header reads a request header by name, null when absent
     */
    Target routed(WorkflowRef ref, Function<String, String> header) {
        Decision decision = decide(ref, header);
        return new Target(decision.releaseId(), decision.versionName());
    }

    /**
     * The routing's whole decision for a routed call, shadow included: the {@code X-Workflow-Version}
     * header wins, then stickiness (the caller's API key, or the configured header), then a random
     * draw against the weights. Reads nothing from the store while the routing is cached.
     *
     * @param header reads a request header by name, null when absent
     */
    Decision decide(WorkflowRef ref, Function<String, String> header) {
        RouteDecider decider = routing.decider(ref);
        if (!decider.serves() && store.releases(ref).isEmpty()) {
            throw ReleaseQueries.unknownWorkflow(ref);
        }
        return decider.decide(null, header.apply("X-Workflow-Version"), stickyKey(decider.stickiness(), header),
                ThreadLocalRandom.current().nextLong());
    }

    private static String stickyKey(Stickiness stickiness, Function<String, String> header) {
        return switch (stickiness.kind()) {
            case OFF -> null;
            case HEADER -> header.apply(stickiness.headerName());
            case CALLER_KEY -> CallerKeys.keyId(header.apply(CallerKeys.API_KEY_HEADER));
        };
    }

    /** The workflow's release with this version name, routed or not; 404 naming what is unknown. */
    Target pinned(WorkflowRef ref, String versionName) {
        String key = ref.path() + "/" + versionName;
        Target cached = pinned.get(key);
        if (cached != null) {
            return cached;
        }
        Release release = queries.release(ref, versionName);
        Target target = new Target(release.id(), release.versionName());
        pinned.put(key, target);
        return target;
    }

    /** The release's stored definition, for reloading it into a pod that lost it. */
    Release release(ReleaseId id) {
        return store.release(id).orElseThrow(() -> new DomainException("store.corrupt", 500,
                "Release " + id + " is routed but not stored", "Restore the release store from a backup."));
    }
}
