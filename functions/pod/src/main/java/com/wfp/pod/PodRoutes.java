package com.wfp.pod;

import com.wfp.adapters.pod.PodProtocol;
import com.wfp.workflow.engine.WorkflowEngine;
import com.wfp.workflow.error.DomainException;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.pathmap.ServletPathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.PathMappingsHandler;

/**
 * The pod's routes ({@link PodProtocol}), composed from Jetty handlers that each do one thing: the error edge
 * outside, then the path mappings, the token check on every route but health, and one handler per route.
 * They run on the pod's platform handler threads and block plainly (reading the body, waiting for a slot,
 * running the workflow); only the response write is asynchronous.
 *
 * <p>The run route also requires the pod token. A pod only listens on loopback or the private network, but
 * on that network it is not alone (other users' pods run workflows that make outgoing HTTP calls), so
 * network position is not proof that the caller is the gateway. The gateway checks the caller's API key,
 * then forwards with the pod token in {@code Authorization}; the pod strips {@code Authorization} and the
 * internal {@code X-Wfp-*} headers before the workflow sees the request.
 */
final class PodRoutes {

    private PodRoutes() {
    }

    static Handler create(PodSettings settings, ReleaseRegistry releases, ExecutionLimiter limiter,
                          WorkflowEngine engine, PodLog log) {
        PodJson json = new PodJson(settings.maxBodyBytes());
        PodToken token = new PodToken(settings.token());
        PathMappingsHandler routes = new PathMappingsHandler();
        routes.addMapping(new ServletPathSpec(PodProtocol.HEALTH_PATH), new HealthRoute(settings, releases, limiter, log, json));
        routes.addMapping(new ServletPathSpec(PodProtocol.RELEASES_PATH),
                new PodTokenHandler(token, new ReleaseListRoute(releases, json)));
        routes.addMapping(new ServletPathSpec(PodProtocol.RELEASE_PREFIX + "*"),
                new PodTokenHandler(token, new ReleaseRoute(releases, limiter, json)));
        routes.addMapping(new ServletPathSpec(PodProtocol.RUN_PREFIX + "*"),
                new PodTokenHandler(token, new RunRoute(releases, limiter, engine, log, json)));
        return new PodErrorHandler(routes, json, log);
    }

    /** The release id after a route's prefix ({@code /run/{id}}), checked to be one. */
    static String releaseIdAfter(String prefix, Request request) {
        String path = path(request);
        if (!path.startsWith(prefix)) {
            throw PodErrorHandler.notFound(request);
        }
        return ReleaseRegistry.requireValidId(path.substring(prefix.length()));
    }

    /**
     * The request's canonical path. The pod has no context, and under {@link PathMappingsHandler} Jetty's
     * {@code Request.getPathInContext} fails without one, so routes read the URI's path.
     */
    static String path(Request request) {
        return request.getHttpURI().getCanonicalPath();
    }

    static void requireMethod(Request request, HttpMethod expected) {
        if (!expected.is(request.getMethod())) {
            throw methodNotAllowed(request.getMethod(), expected.asString());
        }
    }

    static DomainException methodNotAllowed(String method, String allowed) {
        return new DomainException("request.method-not-allowed", 405,
                "Method " + PodErrorHandler.printable(method) + " is not allowed here", "Use " + allowed + ".");
    }
}
