package com.wfp.handlers;

import java.util.Locale;
import java.util.Objects;

/**
 * One control API route: what the local gateway dispatches and what the CDK app turns into an
 * API Gateway resource and method backed by one Lambda function.
 *
 * @param method   HTTP method, upper case
 * @param path     the path template, with {@code {name}} segments for path parameters
 * @param handler  the Lambda handler class (an API Gateway proxy handler with a public no-arg constructor)
 * @param access   who may call it
 * @param summary  one line for the route listing and the generated API docs
 */
public record ControlRoute(String method, PathTemplate path, Class<? extends ApiHandler> handler,
                           Access access, String summary) {

    /** Who may call a route. */
    public enum Access {
        /** Anyone who can reach the gateway. */
        PUBLIC,
        /** Callers presenting the admin bearer token. */
        ADMIN
    }

    public ControlRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(summary, "summary");
        method = method.toUpperCase(Locale.ROOT);
    }

    /** Name for logs and docs, such as {@code POST /api/v1/validate}. */
    public String describe() {
        return method + " " + path.template();
    }
}
