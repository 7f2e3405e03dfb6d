package com.wfp.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.workflow.error.DomainException;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Base of every control API handler (the Lambda handler classes of the control routes): turns the proxy event into an {@link ApiRequest}, runs
 * the handler's one domain call, and maps any failure through {@link ApiResponses}.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    @Override
    public final APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        ApiRequest request = ApiRequest.of(event, context);
        try {
            ControlBodies.check(getClass(), request);
            return handle(request);
        } catch (DomainException e) {
            return ApiResponses.error(e, request.requestId());
        } catch (RuntimeException e) {
            log(context, request.requestId(), e);
            return ApiResponses.unexpected(e, request.requestId());
        }
    }

    /** The handler's translation: read the request, make one domain call, map the answer. */
    protected abstract APIGatewayProxyResponseEvent handle(ApiRequest request);

    private static void log(Context context, String requestId, RuntimeException e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String line = "request " + requestId + " failed: " + trace;
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(line);
        } else {
            System.err.println(line);
        }
    }
}
