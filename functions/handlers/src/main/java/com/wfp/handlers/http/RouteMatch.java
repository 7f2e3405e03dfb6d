package com.wfp.handlers.http;

import java.util.List;
import java.util.Map;

/** The outcome of looking a request up in {@link ControlRoutes}. */
public sealed interface RouteMatch {

    /** A route serves this method and path; {@code pathParameters} are filled from the template. */
    record Found(ControlRoute route, Map<String, String> pathParameters) implements RouteMatch {
        public Found {
            pathParameters = Map.copyOf(pathParameters);
        }
    }

    /** The path exists, but not for this method; {@code allowed} lists the methods that do. */
    record MethodNotAllowed(String path, List<String> allowed) implements RouteMatch {
        public MethodNotAllowed {
            allowed = List.copyOf(allowed);
        }
    }

    /** No route has this path. */
    record NotFound(String path) implements RouteMatch {
    }
}
