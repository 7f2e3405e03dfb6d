package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.CallAudit;
import com.wfp.handlers.http.ControlAuthorizer;
import com.wfp.handlers.http.ControlRoute;
import com.wfp.handlers.http.ControlRoutes;
import com.wfp.handlers.http.HandlerServices;
import com.wfp.handlers.http.RouteMatch;
import com.wfp.platform.identity.Permission;
import com.wfp.platform.identity.Principal;
import com.wfp.workflow.error.DomainException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The control API on Lambda: a function serves some routes of {@link ControlRoutes} (a handler
 * group), resolves each proxy event to its route as the local gateway does, lets the
 * {@link ControlAuthorizer} decide the caller's permission on the project the request names (the
 * admin token, or a person's token and role from the table), hands the event to the route's
 * handler with that decision as its authorizer context, and writes one audit record per call, as
 * the local gateway does. API Gateway may send every control route to one function or each group
 * to its own.
 */
final class ControlDispatch {

    private static final Logger LOG = LoggerFactory.getLogger(ControlDispatch.class);
    private static final String HEALTH = "GET " + ControlRoutes.API_PREFIX + "/health";

    private final List<ControlRoute> routes;
    private final Map<Class<? extends ApiHandler>, ApiHandler> handlers = new HashMap<>();
    private final ControlAuthorizer control;
    private final CallAudit audit;

    /** What one call did, for its audit record. */
    private static final class Call {
        private String action;
        private Map<String, String> pathParameters = Map.of();
        private Principal principal = Principal.anonymous();
    }

    /**
     * @param groups  the handler classes this function serves
     * @param control decides who may call what
     * @param audit   records every call but the public health check
     */
    ControlDispatch(HandlerServices services, Set<Class<? extends ApiHandler>> groups, ControlAuthorizer control,
                    CallAudit audit) {
        this.routes = ControlRoutes.all().stream().filter(route -> groups.contains(route.handler())).toList();
        this.control = control;
        this.audit = audit;
        for (ControlRoute route : routes) {
            handlers.computeIfAbsent(route.handler(), type -> route.newHandler(services));
        }
    }

    /** The dispatch of a function serving {@code groups}, built from the platform of its container. */
    static ControlDispatch of(AwsPlatform platform, FunctionEnvironment environment, HandlerServices services,
                              Set<Class<? extends ApiHandler>> groups) {
        return new ControlDispatch(services, groups, platform.controlAuthorizer(environment), platform.callAudit(environment));
    }

    List<ControlRoute> routes() {
        return routes;
    }

    APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context context) {
        String requestId = event.getRequestContext() != null && event.getRequestContext().getRequestId() != null
                ? event.getRequestContext().getRequestId() : UUID.randomUUID().toString();
        String path = event.getPath() == null ? "" : event.getPath();
        String method = event.getHttpMethod() == null ? "GET" : event.getHttpMethod();
        Call call = new Call();
        APIGatewayProxyResponseEvent answer;
        try {
            answer = switch (ControlRoutes.resolve(routes, method, path)) {
                case RouteMatch.NotFound notFound -> throw DomainException.notFound("request.unknown-route",
                        "This function serves no route " + abbreviate(notFound.path()),
                        "Call one of the control API's routes, listed at /api/v1/openapi.json.");
                case RouteMatch.MethodNotAllowed notAllowed -> throw new DomainException("request.method-not-allowed",
                        405, abbreviate(path) + " does not take " + method,
                        "Use " + String.join(" or ", notAllowed.allowed()) + ".");
                case RouteMatch.Found found -> invoke(event, context, found, call);
            };
        } catch (DomainException e) {
            answer = ApiResponses.error(e, requestId);
            if (e.httpStatus() == 401) {
                answer.getHeaders().put("WWW-Authenticate", "Bearer realm=\"wfp\"");
            }
        } catch (RuntimeException e) {
            LOG.error("request {} failed", requestId, e);
            answer = ApiResponses.unexpected(e, requestId);
        }
        if (!HEALTH.equals(call.action)) {
            Map<String, String> parameters = new LinkedHashMap<>(call.pathParameters);
            if (call.principal.credential() != null) {
                parameters.put("via", call.principal.credential());
            }
            audit.control(call.principal.id(), call.action == null ? method + " (no route)" : call.action,
                    abbreviate(path), parameters, event.getQueryStringParameters(), body(event), sourceAddress(event),
                    answer);
        }
        return answer;
    }

    private APIGatewayProxyResponseEvent invoke(APIGatewayProxyRequestEvent event, Context context,
                                                RouteMatch.Found found, Call call) {
        ControlRoute route = found.route();
        call.action = route.describe();
        call.pathParameters = found.pathParameters();
        try {
            call.principal = control.authenticate(header(event, "Authorization"));
        } catch (DomainException unknownCredential) {
            if (route.permission() != Permission.PUBLIC) {
                throw unknownCredential;
            }
            // A public route answers whatever credential comes with the call, as if none came.
        }
        Map<String, Object> decided = control.authorize(call.principal, route, found.pathParameters());
        String body = event.getBody();
        if (body != null && !body.isEmpty() && !json(header(event, "Content-Type"))) {
            // Content-type confusion (a form or text body read as JSON) is refused before any handler reads it.
            throw new DomainException("request.unsupported-media-type", 415, "The control API reads JSON bodies only, "
                    + "and this one is sent as " + (header(event, "Content-Type") == null ? "nothing"
                    : "'" + abbreviate(header(event, "Content-Type")) + "'"),
                    "Send the body with 'Content-Type: application/json'.");
        }
        event.setPathParameters(new LinkedHashMap<>(found.pathParameters()));
        if (event.getRequestContext() == null) {
            event.setRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext());
        }
        // Whatever the event carried, the handler reads only what was decided here.
        event.getRequestContext().setAuthorizer(decided);
        return handlers.get(route.handler()).handleRequest(event, context);
    }

    private static boolean json(String contentType) {
        return contentType != null && contentType.split(";", 2)[0].strip().equalsIgnoreCase("application/json");
    }

    private static byte[] body(APIGatewayProxyRequestEvent event) {
        if (event.getBody() == null) {
            return null;
        }
        if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            try {
                return Base64.getDecoder().decode(event.getBody());
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
        return event.getBody().getBytes(StandardCharsets.UTF_8);
    }

    private static String sourceAddress(APIGatewayProxyRequestEvent event) {
        return event.getRequestContext() != null && event.getRequestContext().getIdentity() != null
                ? event.getRequestContext().getIdentity().getSourceIp() : null;
    }

    private static String header(APIGatewayProxyRequestEvent event, String name) {
        if (event.getHeaders() != null) {
            for (Map.Entry<String, String> header : event.getHeaders().entrySet()) {
                if (name.equalsIgnoreCase(header.getKey())) {
                    return header.getValue();
                }
            }
        }
        if (event.getMultiValueHeaders() != null) {
            for (Map.Entry<String, List<String>> header : event.getMultiValueHeaders().entrySet()) {
                if (name.equalsIgnoreCase(header.getKey()) && header.getValue() != null && !header.getValue().isEmpty()) {
                    return header.getValue().getFirst();
                }
            }
        }
        return null;
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    private static String abbreviate(String path) {
        return path.length() > 200 ? path.substring(0, 200) + "..." : path;
    }
}
