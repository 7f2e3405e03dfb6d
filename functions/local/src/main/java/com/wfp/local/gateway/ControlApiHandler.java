package com.wfp.local.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.wfp.adapters.pod.BoundedBodyReader;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.HandlerServices;
import com.wfp.handlers.http.StreamingHandler;
import com.wfp.logging.LogContext;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ControlRoute;
import com.wfp.handlers.http.PathText;
import com.wfp.handlers.http.ControlRoutes;
import com.wfp.handlers.http.ControlAuthorizer;
import com.wfp.platform.identity.Principal;
import com.wfp.handlers.http.RouteMatch;
import com.wfp.local.auth.AdminToken;
import com.wfp.workflow.error.DomainException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Dispatches control API requests from {@link ControlRoutes}: resolve the route, check the admin
 * token, read the body, build the proxy event, call the handler in-process and write its answer.
 * A {@link StreamingHandler} whose answer is a stream here is sent as one ({@link StreamedResponse}).
 * The gateway's own refusals (404, 405, 401, 413) go through {@link ApiResponses} like the
 * handlers' errors, so every error has the same JSON shape.
 */
final class ControlApiHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(ControlApiHandler.class);

    private final List<ControlRoute> routes;
    private final Map<ControlRoute, ApiHandler> handlers;
    private final AdminToken adminToken;
    private final BoundedBodyReader bodyReader;

    private final GatewayAudit audit;
    private final ControlAuthorizer control;

    /** What one request did, for its audit record. */
    private static final class Call {
        private String action;
        private Map<String, String> pathParameters = Map.of();
        private byte[] body;
        private Principal principal = Principal.anonymous();
    }

    ControlApiHandler(Map<ControlRoute, ApiHandler> handlers, AdminToken adminToken, int maxBodyBytes,
                      GatewayAudit audit) {
        this(handlers, adminToken, maxBodyBytes, audit, null);
    }

    /** @param control decides who may call what; null to let the admin token alone in */
    ControlApiHandler(Map<ControlRoute, ApiHandler> handlers, AdminToken adminToken, int maxBodyBytes,
                      GatewayAudit audit, ControlAuthorizer control) {
        this.control = control;
        this.audit = audit;
        this.routes = List.copyOf(handlers.keySet());
        this.handlers = Map.copyOf(handlers);
        this.adminToken = adminToken;
        this.bodyReader = RequestBodyLimit.reader(maxBodyBytes);
    }

    /** One instance of each route's handler, built by its route from {@code services}. */
    static Map<ControlRoute, ApiHandler> instantiate(List<ControlRoute> routes, HandlerServices services) {
        Map<ControlRoute, ApiHandler> instances = new LinkedHashMap<>();
        Map<Class<? extends ApiHandler>, ApiHandler> byClass = new LinkedHashMap<>();
        for (ControlRoute route : routes) {
            instances.put(route, byClass.computeIfAbsent(route.handler(), type -> route.newHandler(services)));
        }
        return instances;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String requestId = RequestIds.next();
        try (LogContext.Scope ignored = LogContext.requestId(requestId)) {
            return handle(request, response, callback, requestId);
        }
    }

    private boolean handle(Request request, Response response, Callback callback, String requestId) {
        APIGatewayProxyResponseEvent answer;
        Call call = new Call();
        try {
            answer = dispatch(request, response, callback, requestId, call);
            if (answer == null) {
                audit(request, call, new APIGatewayProxyResponseEvent().withStatusCode(200));
                return true;
            }
        } catch (DomainException e) {
            answer = ApiResponses.error(e, requestId);
            if (e instanceof MethodNotAllowed notAllowed) {
                answer.getHeaders().put("Allow", String.join(", ", notAllowed.allowed));
            }
            if (e.httpStatus() == 401) {
                answer.getHeaders().put("WWW-Authenticate", "Bearer realm=\"wfp\"");
            }
        } catch (RuntimeException e) {
            LOG.error("control call {} {} failed unexpectedly", request.getMethod(), Request.getPathInContext(request), e);
            answer = ApiResponses.unexpected(e, requestId);
        }
        audit(request, call, answer);
        ProxyEventTranslator.write(answer, response, callback);
        return true;
    }

    /** One record per control call but the public health check; the admin token is recorded as "admin", never itself. */
    private void audit(Request request, Call call, APIGatewayProxyResponseEvent answer) {
        if (audit == null || "GET /api/v1/health".equals(call.action)) {
            return;
        }
        String path = Request.getPathInContext(request);
        Map<String, String> query = new LinkedHashMap<>();
        org.eclipse.jetty.util.Fields fields = Request.extractQueryParameters(request);
        fields.forEach(field -> query.put(field.getName(), field.getValue()));
        Map<String, String> parameters = new LinkedHashMap<>(call.pathParameters);
        if (call.principal.credential() != null) {
            parameters.put("via", call.principal.credential());
        }
        audit.control(call.principal.id(), call.action == null ? request.getMethod() + " (no route)"
                : call.action, path, parameters, query, call.body, Request.getRemoteAddr(request), answer);
    }

    /** The handler's answer, or null when the answer is being streamed. */
    private APIGatewayProxyResponseEvent dispatch(Request request, Response response, Callback callback,
                                                  String requestId, Call call) {
        String path = Request.getPathInContext(request);
        RouteMatch match = ControlRoutes.resolve(routes, request.getMethod(), path);
        return switch (match) {
            case RouteMatch.NotFound notFound -> throw notFound(notFound.path());
            case RouteMatch.MethodNotAllowed notAllowed -> throw new MethodNotAllowed(request.getMethod(), notAllowed);
            case RouteMatch.Found found -> invoke(request, response, callback, found, requestId, call);
        };
    }

    private APIGatewayProxyResponseEvent invoke(Request request, Response response, Callback callback,
                                                RouteMatch.Found found, String requestId, Call call) {
        ControlRoute route = found.route();
        call.action = route.describe();
        call.pathParameters = found.pathParameters();
        String authorization = request.getHeaders().get("Authorization");
        Map<String, Object> authorizerContext;
        if (control != null) {
            try {
                call.principal = control.authenticate(authorization);
            } catch (DomainException unknownCredential) {
                if (route.permission() != com.wfp.platform.identity.Permission.PUBLIC) {
                    throw unknownCredential;
                }
                // A public route answers whatever credential comes with the call, as if none came.
            }
            authorizerContext = control.authorize(call.principal, route, found.pathParameters());
        } else {
            if (adminToken.acceptsAuthorization(authorization)) {
                call.principal = Principal.admin();
            } else if (route.access() == ControlRoute.Access.ADMIN) {
                throw new DomainException("auth.admin-token-required", 401, authorization == null
                        ? "The control API needs the admin token"
                        : "The admin token presented is not this platform's",
                        "Send 'Authorization: Bearer <admin token>'. `wfp start` stores the token in "
                                + adminToken.file().toAbsolutePath() + ".");
            }
            authorizerContext = ControlAuthorizer.context(call.principal);
        }
        byte[] body = bodyReader.read(request);
        call.body = body;
        if (body.length > 0 && !json(request.getHeaders().get("Content-Type"))) {
            // Content-type confusion (a form or text body read as JSON) is refused before any handler reads it.
            throw new DomainException("request.unsupported-media-type", 415, "The control API reads JSON bodies only, "
                    + "and this one is sent as " + (request.getHeaders().get("Content-Type") == null ? "nothing"
                    : "'" + request.getHeaders().get("Content-Type") + "'"),
                    "Send the body with 'Content-Type: application/json'.");
        }
        APIGatewayProxyRequestEvent event = ProxyEventTranslator.toEvent(request, body, found, requestId);
        event.getRequestContext().setAuthorizer(authorizerContext);
        LocalLambdaContext context = new LocalLambdaContext(requestId, route.handler().getSimpleName());
        ApiHandler handler = handlers.get(route);
        if (handler instanceof StreamingHandler streaming) {
            Optional<StreamingHandler.TextStream> stream = streaming.open(ApiRequest.of(event, context));
            if (stream.isPresent()) {
                StreamedResponse.start(stream.get(), requestId, response, callback);
                return null;
            }
        }
        return handler.handleRequest(event, context);
    }

    private static boolean json(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip();
        return type.equalsIgnoreCase("application/json");
    }

    private DomainException notFound(String path) {
        String listing = routes.stream().map(ControlRoute::describe).collect(Collectors.joining(", "));
        return DomainException.notFound("route.not-found", "Nothing is served at " + PathText.abbreviated(path),
                "The control API lives under " + ControlRoutes.API_PREFIX + ": " + listing + ".");
    }

    /** A 405, carrying the methods the path does accept for the {@code Allow} header. */
    private static final class MethodNotAllowed extends DomainException {
        private final List<String> allowed;

        MethodNotAllowed(String method, RouteMatch.MethodNotAllowed match) {
            super("route.method-not-allowed", 405, method + " is not accepted at " + match.path(),
                    "Use " + String.join(" or ", match.allowed()) + " for " + match.path() + ".");
            this.allowed = match.allowed();
        }
    }
}
