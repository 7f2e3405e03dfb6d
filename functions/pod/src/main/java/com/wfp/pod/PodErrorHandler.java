package com.wfp.pod;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.workflow.error.DomainException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The pod's one edge for errors: whatever the routes inside throw becomes {@code {"error":{code,message,hint}}}
 * through {@link PodErrors}, and a path no route takes is a 404 naming the routes there are.
 */
final class PodErrorHandler extends Handler.Wrapper {

    private final PodJson json;
    private final PodLog log;

    PodErrorHandler(Handler routes, PodJson json, PodLog log) {
        super(routes);
        this.json = json;
        this.log = log;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            if (!super.handle(request, response, callback)) {
                throw notFound(request);
            }
        } catch (Throwable failure) {
            if (!request.consumeAvailable()) {
                // A refusal before the body was read leaves bytes on the connection: say it closes, so the
                // client opens a new one instead of reusing one the server is about to drop.
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            send(response, callback, failure);
        }
        return true;
    }

    static DomainException notFound(Request request) {
        return DomainException.notFound("pod.route-not-found",
                "No route " + printable(request.getMethod()) + " " + printable(PodRoutes.path(request)),
                "The pod serves GET /health, /releases[/{id}] and /run/{releaseId}.");
    }

    private void send(Response response, Callback callback, Throwable failure) {
        ErrorResponse error = PodErrors.toResponse(failure);
        // Logged here once, whether or not an answer can still be sent.
        if (failure instanceof ExecutionCrashedException crashed) {
            log.podError(crashed.code(), crashed.releaseId(), crashed.getCause());
        } else if (error.internal()) {
            log.podError(error.code(), null, failure);
        }
        if (response.isCommitted()) {
            callback.failed(failure);
            return;
        }
        ObjectNode body = json.object();
        ObjectNode detail = body.putObject("error");
        detail.put("code", error.code());
        detail.put("message", error.message());
        detail.put("hint", error.hint());
        error.headers().forEach(response.getHeaders()::put);
        try {
            json.send(response, callback, error.status(), body);
        } catch (RuntimeException e) {
            callback.failed(e);
        }
    }

    static String printable(String text) {
        String safe = text.replaceAll("[^\\x20-\\x7E]", "?");
        return safe.length() > 100 ? safe.substring(0, 100) + "..." : safe;
    }
}
