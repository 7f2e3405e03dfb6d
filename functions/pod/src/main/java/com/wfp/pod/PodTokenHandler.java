package com.wfp.pod;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Lets a request through to the route inside only with the pod token; otherwise the 401 is thrown to the error edge. */
final class PodTokenHandler extends Handler.Wrapper {

    private final PodToken token;

    PodTokenHandler(PodToken token, Handler route) {
        super(route);
        this.token = token;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        token.require(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        return super.handle(request, response, callback);
    }
}
