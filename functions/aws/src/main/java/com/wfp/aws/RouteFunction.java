package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.datapath.RouteHandler;

/**
 * The data path, {@code /w/{proxy+}}: routes each production call to the release that serves it in
 * the user's Fargate pod, found through the addresses the registrar keeps (cached for
 * {@code WFP_POD_ADDRESS_MAX_AGE_MS}, read again after a refused connection), the routing cached
 * for at most {@code WFP_ROUTING_MAX_AGE_MS}: the bound on how long a rollback takes to reach every
 * warm function. One EMF metrics line per call feeds the rollout guards.
 */
public final class RouteFunction implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final RouteHandler handler;

    public RouteFunction() {
        this(AwsPlatform.container());
    }

    RouteFunction(AwsPlatform platform) {
        // Mirrored copies are awaited before returning: Lambda freezes the container once the answer is out.
        this.handler = new RouteHandler(platform.router(platform.environment("route")), AwsPlatform.SHADOW_WAIT);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return handler.handleRequest(event, context);
    }
}
