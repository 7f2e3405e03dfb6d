package com.wfp.handlers.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.platform.identity.Permission;
import com.wfp.workflow.error.DomainException;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One control API route: what the local gateway dispatches and what the CDK app turns into an
 * API Gateway resource and method backed by one Lambda function.
 *
 * @param method   HTTP method, upper case
 * @param path     the path template, with {@code {name}} segments for path parameters
 * @param handler  the handler's class: what the API docs and the CDK app's function groups name
 * @param factory  builds the handler from the services its host has
 * @param permission what the caller must hold: on the project the path names, or one not tied to a project
 * @param summary  one line for the route listing and the generated API docs
 */
public record ControlRoute(String method, PathTemplate path, Class<? extends ApiHandler> handler,
                           Function<HandlerServices, ? extends ApiHandler> factory, Permission permission,
                           String summary) {

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
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(permission, "permission: every control route declares the permission it needs");
        Objects.requireNonNull(summary, "summary");
        method = method.toUpperCase(Locale.ROOT);
    }

    /**
     * A route from before permissions: {@link Access#ADMIN} needs the platform's administrator,
     * {@link Access#PUBLIC} nothing.
     */
    public ControlRoute(String method, PathTemplate path, Class<? extends ApiHandler> handler,
                        Function<HandlerServices, ? extends ApiHandler> factory, Access access, String summary) {
        this(method, path, handler, factory, access == Access.PUBLIC ? Permission.PUBLIC : Permission.PLATFORM,
                summary);
    }

    /**
     * The route's handler built from {@code services}; where they lack what it needs, a stand-in
     * answering 503 that names the missing service. One instance serves every request of its
     * route, as a warm Lambda function does.
     */
    public ApiHandler newHandler(HandlerServices services) {
        ApiHandler built;
        try {
            built = factory.apply(services);
        } catch (HandlerServices.MissingService missing) {
            return new Unavailable(handler.getSimpleName(), missing.getMessage());
        }
        if (!handler.isInstance(built)) {
            throw new IllegalStateException(describe() + " built a " + built.getClass().getName()
                    + ", not the " + handler.getName() + " its route names");
        }
        return built;
    }

    /** Whether the route needs a credential. */
    public Access access() {
        return permission == Permission.PUBLIC ? Access.PUBLIC : Access.ADMIN;
    }

    /** Name for logs and docs, such as {@code POST /api/v1/validate}. */
    public String describe() {
        return method + " " + path.template();
    }

    /** Stands in for a handler whose services this host does not have. */
    private static final class Unavailable extends ApiHandler {
        private final String handler;
        private final String service;

        Unavailable(String handler, String service) {
            this.handler = handler;
            this.service = service;
        }

        @Override
        protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
            throw DomainException.unavailable("platform.services-unavailable",
                    "This gateway runs without the services " + handler + " needs (" + service + ")",
                    "Start the whole platform with `./wfp start`.", null);
        }
    }
}
