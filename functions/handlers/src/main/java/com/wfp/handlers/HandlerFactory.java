package com.wfp.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.workflow.error.DomainException;

/**
 * Builds a route's handler the way its class asks for: with the {@link ControlServices} when it
 * has a constructor taking them, otherwise with its no-arg constructor. One instance serves every
 * request of its route, as a warm Lambda function does.
 */
public final class HandlerFactory {

    private final ControlServices services;
    private final TrafficServices traffic;
    private final AccessServices access;

    public HandlerFactory(ControlServices services) {
        this(services, null);
    }

    /** A factory that also builds the handlers taking {@link TrafficServices}. */
    public HandlerFactory(ControlServices services, TrafficServices traffic) {
        this(services, traffic, null);
    }

    /** A factory that also builds the handlers taking {@link AccessServices}. */
    public HandlerFactory(ControlServices services, TrafficServices traffic, AccessServices access) {
        this.services = services;
        this.traffic = traffic;
        this.access = access;
    }

    /**
     * A factory for a host without the publishing services (a gateway serving validation only):
     * the handlers that need them answer 503 saying so.
     */
    public static HandlerFactory withoutServices() {
        return new HandlerFactory(null);
    }

    public ApiHandler create(Class<? extends ApiHandler> type) {
        try {
            try {
                return type.getConstructor().newInstance();
            } catch (NoSuchMethodException needsServices) {
                if (takes(type, AccessServices.class)) {
                    return access == null ? new Unavailable(type)
                            : type.getConstructor(AccessServices.class).newInstance(access);
                }
                if (takes(type, TrafficServices.class)) {
                    return traffic == null ? new Unavailable(type)
                            : type.getConstructor(TrafficServices.class).newInstance(traffic);
                }
                if (services == null) {
                    return new Unavailable(type);
                }
                return type.getConstructor(ControlServices.class).newInstance(services);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The handler " + type.getName()
                    + " needs a public constructor taking ControlServices or none", e);
        }
    }

    private static boolean takes(Class<? extends ApiHandler> type, Class<?> parameter) {
        try {
            type.getConstructor(parameter);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Stands in for a handler whose services this host does not have. */
    private static final class Unavailable extends ApiHandler {
        private final String name;

        Unavailable(Class<? extends ApiHandler> type) {
            this.name = type.getSimpleName();
        }

        @Override
        protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
            throw DomainException.unavailable("platform.services-unavailable",
                    "This gateway runs without the publishing services " + name + " needs",
                    "Start the whole platform with `./wfp start`.", null);
        }
    }
}
