package com.wfp.handlers.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.logging.LogContext;
import com.wfp.workflow.error.DomainException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every control API handler (the Lambda handler classes of the control routes): turns the proxy event into an {@link ApiRequest}, runs
 * the handler's one domain call, and maps any failure through {@link ApiResponses}. Every line logged meanwhile
 * carries the request's id; an unexpected failure is logged here once, with its stack, and answered 500 with
 * the same id.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    @Override
    public final APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        ApiRequest request = ApiRequest.of(event, context);
        try (LogContext.Scope ignored = LogContext.requestId(request.requestId())) {
            try {
                ControlBodies.check(getClass(), request);
                return handle(request);
            } catch (DomainException e) {
                return ApiResponses.error(e, request.requestId());
            } catch (RuntimeException e) {
                LOG.error("{} failed unexpectedly", getClass().getSimpleName(), e);
                return ApiResponses.unexpected(e, request.requestId());
            }
        }
    }

    /** The handler's translation: read the request, make one domain call, map the answer. */
    protected abstract APIGatewayProxyResponseEvent handle(ApiRequest request);
}
