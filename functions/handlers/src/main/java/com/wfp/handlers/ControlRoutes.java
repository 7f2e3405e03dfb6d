package com.wfp.handlers;

import com.wfp.handlers.ControlRoute.Access;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one table of control API routes. The local gateway dispatches from it and the CDK app
 * builds its API Gateway resources from it, so the two cannot disagree. A new route is one line.
 */
public final class ControlRoutes {

    /** Every control route starts with this prefix. */
    public static final String API_PREFIX = "/api/v1";

    private static final List<ControlRoute> ROUTES = List.of(
            route("POST", "/validate", ValidateHandler.class, Access.ADMIN,
                    "Validate a workflow document and report its findings"),
            route("POST", "/publishability", PublishabilityHandler.class, Access.ADMIN,
                    "Whether the designer may enable Publish for a workflow document, and why not"),
            route("GET", "/health", HealthHandler.class, Access.PUBLIC,
                    "Liveness of the control API"));

    private ControlRoutes() {
    }

    /** All routes, in table order. */
    public static List<ControlRoute> all() {
        return ROUTES;
    }

    /** Finds the route for a request in this table, or says why there is none. */
    public static RouteMatch resolve(String method, String path) {
        return resolve(ROUTES, method, path);
    }

    /** Finds the route for a request in {@code routes}, or says why there is none. */
    public static RouteMatch resolve(List<ControlRoute> routes, String method, String path) {
        Set<String> allowed = new LinkedHashSet<>();
        for (ControlRoute route : routes) {
            Optional<Map<String, String>> parameters = route.path().match(path);
            if (parameters.isEmpty()) {
                continue;
            }
            if (route.method().equalsIgnoreCase(method)) {
                return new RouteMatch.Found(route, parameters.get());
            }
            allowed.add(route.method());
        }
        return allowed.isEmpty()
                ? new RouteMatch.NotFound(path)
                : new RouteMatch.MethodNotAllowed(path, List.copyOf(allowed));
    }

    private static ControlRoute route(String method, String path, Class<? extends ApiHandler> handler,
                                      Access access, String summary) {
        return new ControlRoute(method, PathTemplate.of(API_PREFIX + path), handler, access, summary);
    }
}
