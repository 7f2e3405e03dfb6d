package com.wfp.handlers.http;

import com.wfp.platform.identity.Permission;

import java.util.Locale;
import java.util.Objects;

/**
 * One control API route: what the local gateway dispatches and what the CDK app turns into an
 * API Gateway resource and method backed by one Lambda function.
 *
 * @param method   HTTP method, upper case
 * @param path     the path template, with {@code {name}} segments for path parameters
 * @param handler  the Lambda handler class (an API Gateway proxy handler with a public no-arg constructor)
 * @param permission what the caller must hold: on the project the path names, or one not tied to a project
 * @param summary  one line for the route listing and the generated API docs
 */
public record ControlRoute(String method, PathTemplate path, Class<? extends ApiHandler> handler,
                           Permission permission, String summary) {

    /** Whether a route needs a credential at all: what the API docs show. */
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
        Objects.requireNonNull(permission, "permission: every control route declares the permission it needs");
        Objects.requireNonNull(summary, "summary");
        method = method.toUpperCase(Locale.ROOT);
    }

    /**
     * A route from before permissions: {@link Access#ADMIN} needs the platform's administrator,
     * {@link Access#PUBLIC} nothing.
     */
    public ControlRoute(String method, PathTemplate path, Class<? extends ApiHandler> handler, Access access,
                        String summary) {
        this(method, path, handler, access == Access.PUBLIC ? Permission.PUBLIC : Permission.PLATFORM, summary);
    }

    /** Whether the route needs a credential. */
    public Access access() {
        return permission == Permission.PUBLIC ? Access.PUBLIC : Access.ADMIN;
    }

    /** Name for logs and docs, such as {@code POST /api/v1/validate}. */
    public String describe() {
        return method + " " + path.template();
    }
}
