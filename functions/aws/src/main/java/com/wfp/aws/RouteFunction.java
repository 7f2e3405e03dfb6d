package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.adapters.pod.PodProtocol;
import com.wfp.handlers.datapath.AuthorizerHandler;
import com.wfp.handlers.datapath.RouteHandler;
import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.telemetry.TelemetryBuffer;

import java.util.Map;

/**
 * The data path, {@code /w/{proxy+}}: routes each production call to the release that serves it in
 * the user's Fargate pod, found through the addresses the registrar keeps (cached for
 * {@code WFP_POD_ADDRESS_MAX_AGE_MS}, read again after a refused connection), the routing cached
 * for at most {@code WFP_ROUTING_MAX_AGE_MS}: the bound on how long a rollback takes to reach every
 * warm function. One EMF metrics line per call feeds the rollout guards. The caller (the principal
 * the authorizer function decided on: an API key id or {@code anonymous}) goes to the pod with the
 * call, which writes it in its execution line; with a telemetry log group, the call's minute metrics
 * and its caller go to production telemetry too, where the caller joins the execution line by
 * execution id: what keeps the caller of an execution whose pod does not write it yet (one started
 * from an earlier image, during a deployment).
 */
public final class RouteFunction implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final RouteHandler handler;
    private final TelemetryBuffer telemetry;

    public RouteFunction() {
        this(AwsPlatform.container());
    }

    RouteFunction(AwsPlatform platform) {
        FunctionEnvironment environment = platform.environment("route");
        // Mirrored copies are awaited before returning: Lambda freezes the container once the answer is out.
        this.handler = new RouteHandler(platform.router(environment), AwsPlatform.SHADOW_WAIT);
        this.telemetry = platform.telemetryBuffer(environment);
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        APIGatewayProxyResponseEvent answer = handler.handleRequest(event, context);
        recordCaller(event, answer);
        return answer;
    }

    /** The caller as its own telemetry item, for pods whose execution line does not carry it yet. */
    private void recordCaller(APIGatewayProxyRequestEvent event, APIGatewayProxyResponseEvent answer) {
        if (telemetry == null || answer.getHeaders() == null || event.getRequestContext() == null
                || event.getRequestContext().getAuthorizer() == null) {
            return;
        }
        Object principal = event.getRequestContext().getAuthorizer().get(AuthorizerHandler.PRINCIPAL);
        String executionId = header(answer.getHeaders(), PodProtocol.EXECUTION_ID_HEADER);
        String releaseId = header(answer.getHeaders(), RouteHandler.RELEASE_ID_HEADER);
        if (principal instanceof String caller && !caller.isBlank() && executionId != null && releaseId != null) {
            telemetry.caller(new ReleaseId(releaseId), executionId, caller);
        }
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
