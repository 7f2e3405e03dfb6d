package com.wfp.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.ApiHandler;
import com.wfp.handlers.ApiResponses;
import com.wfp.handlers.ControlRoute;
import com.wfp.handlers.ControlRoutes;
import com.wfp.handlers.HandlerFactory;
import com.wfp.handlers.RouteMatch;
import com.wfp.workflow.error.DomainException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The control API on Lambda: a function serves some routes of {@link ControlRoutes} (a handler
 * group), resolves each proxy event to its route as the local gateway does, checks the admin
 * token of the routes that need it, and hands the event to the route's handler, built once per
 * container. API Gateway may send every control route to one function or each group to its own.
 */
final class ControlDispatch {

    private final List<ControlRoute> routes;
    private final Map<Class<? extends ApiHandler>, ApiHandler> handlers = new HashMap<>();
    private final byte[] adminTokenSha256;

    /**
     * @param groups the handler classes this function serves
     * @throws DomainException 500 {@code config.missing} when a route needs the admin token and
     *         {@code WFP_ADMIN_TOKEN_SHA256} is not set
     */
    ControlDispatch(FunctionEnvironment environment, HandlerFactory factory, Set<Class<? extends ApiHandler>> groups) {
        this.routes = ControlRoutes.all().stream().filter(route -> groups.contains(route.handler())).toList();
        boolean needsAdmin = routes.stream().anyMatch(route -> route.access() == ControlRoute.Access.ADMIN);
        this.adminTokenSha256 = needsAdmin ? HexFormat.of().parseHex(hex(environment.required(
                AwsPlatform.ADMIN_TOKEN_SHA256, "the SHA-256, in hex, of the admin token control calls present"))) : null;
        for (ControlRoute route : routes) {
            handlers.computeIfAbsent(route.handler(), factory::create);
        }
    }

    List<ControlRoute> routes() {
        return routes;
    }

    APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context context) {
        String requestId = event.getRequestContext() != null && event.getRequestContext().getRequestId() != null
                ? event.getRequestContext().getRequestId() : UUID.randomUUID().toString();
        String path = event.getPath() == null ? "" : event.getPath();
        RouteMatch match = ControlRoutes.resolve(routes, event.getHttpMethod() == null ? "GET" : event.getHttpMethod(), path);
        try {
            return switch (match) {
                case RouteMatch.NotFound notFound -> throw DomainException.notFound("request.unknown-route",
                        "This function serves no route " + abbreviate(notFound.path()),
                        "Call one of the control API's routes, listed at /api/v1/openapi.json.");
                case RouteMatch.MethodNotAllowed notAllowed -> throw new DomainException("request.method-not-allowed",
                        405, abbreviate(path) + " does not take " + event.getHttpMethod(),
                        "Use " + String.join(" or ", notAllowed.allowed()) + ".");
                case RouteMatch.Found found -> {
                    if (found.route().access() == ControlRoute.Access.ADMIN) {
                        checkAdmin(event);
                    }
                    Map<String, String> parameters = new LinkedHashMap<>(found.pathParameters());
                    event.setPathParameters(parameters);
                    yield handlers.get(found.route().handler()).handleRequest(event, context);
                }
            };
        } catch (DomainException e) {
            return ApiResponses.error(e, requestId);
        }
    }

    private void checkAdmin(APIGatewayProxyRequestEvent event) {
        String authorization = header(event, "Authorization");
        String prefix = "Bearer ";
        if (authorization == null || !authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw new DomainException("auth.admin-token-required", 401, "The control API needs the admin token",
                    "Send 'Authorization: Bearer <admin token>'.");
        }
        byte[] presented = sha256(authorization.substring(prefix.length()).strip());
        if (!MessageDigest.isEqual(presented, adminTokenSha256)) {
            throw new DomainException("auth.admin-token-required", 401, "The admin token presented is not this platform's",
                    "Send 'Authorization: Bearer <admin token>' with the token whose SHA-256 the stack was deployed with.");
        }
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

    private static String hex(String value) {
        if (!value.matches("[0-9a-fA-F]{64}")) {
            throw new DomainException("config.invalid", 500,
                    AwsPlatform.ADMIN_TOKEN_SHA256 + " is not 64 hex digits",
                    "Set it to the output of `printf %s \"$TOKEN\" | sha256sum | cut -d' ' -f1`.");
        }
        return value;
    }

    private static String abbreviate(String path) {
        return path.length() > 200 ? path.substring(0, 200) + "..." : path;
    }
}
