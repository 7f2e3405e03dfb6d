package com.wfp.local.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.wfp.adapters.pod.BoundedBodyReader;
import com.wfp.logging.LogContext;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.datapath.AuthorizerHandler;
import com.wfp.platform.access.AccessDecision;
import com.wfp.handlers.http.ProductionUrls;
import com.wfp.handlers.datapath.RouteHandler;
import com.wfp.workflow.error.DomainException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;


/**
 * The data path: production URLs under {@code /w/} are decided by the {@link AuthorizerHandler}
 * and, when let in, handed to the {@link RouteHandler}, both as the proxy events API Gateway would
 * send, so the local gateway and Lambda authorize and route alike: the decision's principal travels
 * in the event's authorizer context to the pod, which writes it in its execution line. Other
 * paths go on to the control API.
 */
final class DataPathHandler extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(DataPathHandler.class);

    private final AuthorizerHandler authorizer;
    private final RouteHandler route;
    private final BoundedBodyReader bodyReader;

    private final GatewayAudit audit;

    DataPathHandler(AuthorizerHandler authorizer, RouteHandler route, int maxBodyBytes, Handler next,
                    GatewayAudit audit) {
        super(next);
        this.audit = audit;
        this.authorizer = authorizer;
        this.route = route;
        this.bodyReader = RequestBodyLimit.reader(maxBodyBytes);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!Request.getPathInContext(request).startsWith(ProductionUrls.DATA_PREFIX)) {
            return super.handle(request, response, callback);
        }
        String requestId = RequestIds.next();
        try (LogContext.Scope ignored = LogContext.requestId(requestId)) {
            return serve(request, response, callback, requestId);
        }
    }

    private boolean serve(Request request, Response response, Callback callback, String requestId) {
        APIGatewayProxyResponseEvent answer;
        try {
            // Read first, so that a refusal still consumes the body and the connection stays usable.
            byte[] body = bodyReader.read(request);
            APIGatewayProxyRequestEvent event = ProxyEventTranslator.toEvent(request, body, ProductionUrls.RESOURCE,
                    requestId);
            AccessDecision decision = authorizer.decide(event);
            if (audit != null) {
                if (decision.allowed()) {
                    audit.allowed(decision);
                } else if (decision.outcome() == AccessDecision.Outcome.DENY) {
                    audit.refused(decision, event.getPath(), Request.getRemoteAddr(request));
                }
            }
            if (decision.allowed()) {
                // The caller reaches the pod with the call, as on AWS, and comes back in its execution line.
                AuthorizerHandler.admit(event, decision);
                answer = route.handleRequest(event, new LocalLambdaContext(requestId, RouteHandler.class.getSimpleName()));
                if (answer.getHeaders() != null) {
                    answer.getHeaders().putAll(decision.headers());
                }
            } else {
                answer = AuthorizerHandler.refusal(decision, requestId);
            }
        } catch (DomainException e) {
            answer = ApiResponses.error(e, requestId);
        } catch (RuntimeException e) {
            // Answered here with this call's id, and logged once, rather than by Jetty under another id.
            LOG.error("production call {} failed unexpectedly", Request.getPathInContext(request), e);
            answer = ApiResponses.unexpected(e, requestId);
        }
        if (response.isCommitted()) {
            callback.failed(new IllegalStateException("The response was committed before the answer was written"));
            return true;
        }
        ProxyEventTranslator.write(answer, response, callback);
        return true;
    }
}
