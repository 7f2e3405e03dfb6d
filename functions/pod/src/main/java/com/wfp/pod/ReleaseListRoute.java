package com.wfp.pod;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code GET /releases}: the loaded releases. */
final class ReleaseListRoute extends Handler.Abstract {

    private final ReleaseRegistry releases;
    private final PodJson json;

    ReleaseListRoute(ReleaseRegistry releases, PodJson json) {
        this.releases = releases;
        this.json = json;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        PodRoutes.requireMethod(request, HttpMethod.GET);
        ObjectNode answer = json.object();
        ArrayNode items = answer.putArray("releases");
        for (LoadedRelease release : releases.list()) {
            items.add(json.describe(release));
        }
        json.send(response, callback, 200, answer);
        return true;
    }
}
