package com.wfp.pod;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code GET /health}, without a token: 200 ready or 503 draining, with the pod's load. */
final class HealthRoute extends Handler.Abstract {

    private final PodSettings settings;
    private final ReleaseRegistry releases;
    private final ExecutionLimiter limiter;
    private final PodLog log;
    private final PodJson json;
    private final long startedNanos = System.nanoTime();

    HealthRoute(PodSettings settings, ReleaseRegistry releases, ExecutionLimiter limiter, PodLog log, PodJson json) {
        this.settings = settings;
        this.releases = releases;
        this.limiter = limiter;
        this.log = log;
        this.json = json;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        PodRoutes.requireMethod(request, HttpMethod.GET);
        ObjectNode answer = json.object();
        boolean draining = limiter.isDraining();
        answer.put("status", draining ? "draining" : "ready");
        answer.put("pod", settings.podName());
        ArrayNode ids = answer.putArray("releases");
        releases.list().forEach(release -> ids.add(release.releaseId()));
        answer.put("inFlight", limiter.inFlight());
        answer.put("queued", limiter.queued());
        answer.put("maxConcurrency", limiter.maxConcurrency());
        answer.put("queueSize", limiter.queueSize());
        answer.put("refusedOverload", limiter.refusedOverload());
        answer.put("refusedQueueTimeout", limiter.refusedQueueTimeout());
        answer.put("logLinesDropped", log.dropped());
        answer.put("uptimeMs", (System.nanoTime() - startedNanos) / 1_000_000);
        json.send(response, callback, draining ? 503 : 200, answer);
        return true;
    }
}
