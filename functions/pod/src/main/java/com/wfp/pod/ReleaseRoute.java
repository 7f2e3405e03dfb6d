package com.wfp.pod;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.adapters.pod.LoadRequest;
import com.wfp.adapters.pod.PodProtocol;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code PUT|GET|DELETE /releases/{id}}: load, describe and unload one release. */
final class ReleaseRoute extends Handler.Abstract {

    private final ReleaseRegistry releases;
    private final ExecutionLimiter limiter;
    private final PodJson json;

    ReleaseRoute(ReleaseRegistry releases, ExecutionLimiter limiter, PodJson json) {
        this.releases = releases;
        this.limiter = limiter;
        this.json = json;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String releaseId = PodRoutes.releaseIdAfter(PodProtocol.RELEASE_PREFIX, request);
        switch (request.getMethod()) {
            case "PUT" -> load(request, response, callback, releaseId);
            case "GET" -> json.send(response, callback, 200, json.describe(releases.require(releaseId)));
            case "DELETE" -> {
                ObjectNode answer = json.describe(releases.unload(releaseId));
                answer.put("unloaded", true);
                json.send(response, callback, 200, answer);
            }
            default -> throw PodRoutes.methodNotAllowed(request.getMethod(), "GET, PUT or DELETE");
        }
        return true;
    }

    private void load(Request request, Response response, Callback callback, String releaseId) {
        if (limiter.isDraining()) {
            throw new RetryLaterException("pod.draining", 503, "The pod is shutting down and loads no releases",
                    "Load the release into the pod that replaces this one.", 1);
        }
        LoadRequest load = LoadRequest.fromJson(json.loadEnvelope(request));
        ReleaseRegistry.LoadOutcome outcome = releases.load(releaseId, load.workflowId(), load.version(),
                load.definition(), load.secrets());
        ObjectNode answer = json.describe(outcome.release());
        answer.put("added", outcome.added());
        json.send(response, callback, 200, answer);
    }
}
