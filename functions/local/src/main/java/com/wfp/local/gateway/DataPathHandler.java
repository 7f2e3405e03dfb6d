package com.wfp.local.gateway;

import com.wfp.adapters.pod.BoundedBodyReader;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.ApiResponses;
import com.wfp.handlers.ProductionUrls;
import com.wfp.handlers.RouteHandler;
import com.wfp.workflow.error.DomainException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.UUID;

/**
 * The data path: production URLs under {@code /w/} are handed to the {@link RouteHandler} as the
 * proxy events API Gateway would send it, so the local gateway and Lambda route alike. Other
 * paths go on to the control API.
 */
final class DataPathHandler extends Handler.Wrapper {

    private final RouteHandler route;
    private final BoundedBodyReader bodyReader;

    DataPathHandler(RouteHandler route, int maxBodyBytes, Handler next) {
        super(next);
        this.route = route;
        this.bodyReader = RequestBodyLimit.reader(maxBodyBytes);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!Request.getPathInContext(request).startsWith(ProductionUrls.DATA_PREFIX)) {
            return super.handle(request, response, callback);
        }
        String requestId = UUID.randomUUID().toString();
        APIGatewayProxyResponseEvent answer;
        try {
            // Read first, so that a refusal still consumes the body and the connection stays usable.
            byte[] body = bodyReader.read(request);
            answer = route.handleRequest(ProxyEventTranslator.toEvent(request, body, ProductionUrls.RESOURCE, requestId),
                    new LocalLambdaContext(requestId, RouteHandler.class.getSimpleName()));
        } catch (DomainException e) {
            answer = ApiResponses.error(e, requestId);
        }
        if (response.isCommitted()) {
            callback.failed(new IllegalStateException("The response was committed before the answer was written"));
            return true;
        }
        ProxyEventTranslator.write(answer, response, callback);
        return true;
    }
}
