package com.wfp.platform.routing;

import com.wfp.platform.port.PodAnswer;
import com.wfp.platform.port.PodCall;
import com.wfp.platform.port.PodInvoker;
import com.wfp.platform.port.ReleaseCatalogue;
import com.wfp.platform.port.ReleaseLoader;
import com.wfp.platform.release.Release;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.ReleaseQueries;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.telemetry.ForwardedCalls;
import com.wfp.workflow.error.DomainException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Serves production calls: picks the release (pinned URL, then the {@code X-Workflow-Version}
 * header, then stickiness, then a weighted draw, all in memory against the {@link RoutingCache}),
 * mirrors a copy to the shadow release when the routing says so, sends the call to the user's
 * pod and tells the telemetry. A pod that lost the release (a retired one, or after it
 * restarted) gets it loaded again and the call is retried once.
 *
 * <p>Pinned version names are cached for good: releases are immutable, so a version name never
 * names another release.
 */
public final class ProductionRouter implements AutoCloseable {

    private record Target(ReleaseId releaseId, String versionName) {
    }

    private final RoutingCache routing;
    private final ReleaseCatalogue catalogue;
    private final PodInvoker pods;
    private final ReleaseLoader loader;
    private final ForwardedCalls observer;
    private final ShadowMirror shadows;
    private final ConcurrentHashMap<String, Target> pinned = new ConcurrentHashMap<>();

    /**
     * @param loader   loads a release into a pod that answered it does not hold it
     * @param observer told about every call forwarded, live or shadow (the rollout telemetry)
     */
    public ProductionRouter(RoutingCache routing, ReleaseCatalogue catalogue, PodInvoker pods, ReleaseLoader loader,
                            ForwardedCalls observer) {
        this.routing = routing;
        this.catalogue = catalogue;
        this.pods = pods;
        this.loader = loader;
        this.observer = observer;
        this.shadows = new ShadowMirror(this::invokeLoading, observer);
    }

    /**
     * Sends the call to the release that serves it and returns the pod's answer, whatever its status.
     *
     * @throws DomainException 404 when the workflow or pinned version is unknown, 410
     *         {@code workflow.retired} when it was retired, 503 when nothing is routed or the pod
     *         did not answer
     */
    public RoutedAnswer serve(ProductionCall call) {
        long arrived = System.nanoTime();
        RouteDecider decider = routing.decider(call.ref());
        if (decider.retirement() != null) {
            throw retired(call.ref(), decider.retirement());
        }
        Decision decision = call.pinned() ? null : decide(decider, call);
        Target target = decision == null ? pinned(call.ref(), call.pinnedVersion())
                : new Target(decision.releaseId(), decision.versionName());
        PodCall podCall = podCall(call, target.releaseId());
        CompletableFuture<Void> shadowCopy = decision != null && decision.mirrored()
                ? shadows.mirror(podCall.shadowCopyFor(decision.shadowReleaseId()))
                : CompletableFuture.completedFuture(null);
        PodAnswer answer;
        try {
            answer = invokeLoading(podCall);
        } catch (DomainException e) {
            observer.forwarded(target.releaseId(), e.httpStatus(), System.nanoTime() - arrived);
            throw e;
        }
        observer.forwarded(target.releaseId(), answer.status(), System.nanoTime() - arrived);
        return new RoutedAnswer(answer, target.releaseId(), target.versionName(), shadowCopy);
    }

    private static PodCall podCall(ProductionCall call, ReleaseId releaseId) {
        return new PodCall(call.ref().user(), releaseId, call.method(), call.headers(), call.rawQuery(), call.path(),
                call.body(), false, call.callerKeyId());
    }

    private Decision decide(RouteDecider decider, ProductionCall call) {
        if (!decider.serves() && catalogue.releases(call.ref()).isEmpty()) {
            throw ReleaseQueries.unknownWorkflow(call.ref());
        }
        return decider.decide(null, call.header(RouteDecider.VERSION_HEADER), stickyKey(decider.stickiness(), call),
                ThreadLocalRandom.current().nextLong());
    }

    /** The 410 of a retired workflow, for its routed and pinned URLs alike. */
    private static DomainException retired(WorkflowRef ref, Retirement retirement) {
        return new DomainException("workflow.retired", 410, "Workflow " + ref.path() + " no longer serves: "
                + retirement.reason(), "Its owner retired it; it serves again once they publish it.");
    }

    private static String stickyKey(Stickiness stickiness, ProductionCall call) {
        return switch (stickiness.kind()) {
            case OFF -> null;
            case HEADER -> call.header(stickiness.headerName());
            case CALLER_KEY -> CallerKeys.keyId(call.header(CallerKeys.API_KEY_HEADER));
        };
    }

    private Target pinned(WorkflowRef ref, String versionName) {
        String key = ref.path() + "/" + versionName;
        Target cached = pinned.get(key);
        if (cached != null) {
            return cached;
        }
        Release release = ReleaseQueries.release(catalogue, ref, versionName);
        Target target = new Target(release.id(), release.versionName());
        pinned.put(key, target);
        return target;
    }

    private PodAnswer invokeLoading(PodCall call) {
        PodAnswer answer = pods.invoke(call);
        if (!answer.releaseNotLoaded()) {
            return answer;
        }
        Release release = catalogue.release(call.releaseId()).orElseThrow(() -> new DomainException("store.corrupt", 500,
                "Release " + call.releaseId() + " is routed but not stored",
                "Restore the release store from a backup."));
        String confirmed = loader.load(call.user(), release);
        if (!release.sha256().equals(confirmed)) {
            throw new DomainException("pod.bad-load", 502, "The pod confirmed sha256 " + confirmed + " when release "
                    + release.versionName() + " was loaded again, but the release has " + release.sha256(),
                    "The pod server and the platform disagree on the definition; run matching versions.");
        }
        return pods.invoke(call);
    }

    /** Mirrored copies answered (or failed) so far. */
    public long shadowCopiesSent() {
        return shadows.sent();
    }

    /** Mirrored copies dropped because the shadow release fell behind. */
    public long shadowCopiesDropped() {
        return shadows.dropped();
    }

    @Override
    public void close() {
        shadows.close();
    }
}
