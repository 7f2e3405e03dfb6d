package com.wfp.handlers.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.workflow.error.DomainException;

import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a route's handler the way its class asks for: with its no-arg constructor, or with the
 * one service its constructor takes ({@link ControlServices}, {@link TrafficServices},
 * {@link AccessServices}, {@link IdentityServices}, or a port such as {@code PodFleet} given with {@link #with}). A handler
 * whose service this host does not have answers 503 saying so. One instance serves every request
 * of its route, as a warm Lambda function does.
 */
public final class HandlerFactory {

    private final Map<Class<?>, Object> services;

    public HandlerFactory(ControlServices services) {
        this(services, null);
    }

    /** A factory that also builds the handlers taking {@link TrafficServices}. */
    public HandlerFactory(ControlServices services, TrafficServices traffic) {
        this(services, traffic, null);
    }

    /** A factory that also builds the handlers taking {@link AccessServices}. */
    public HandlerFactory(ControlServices services, TrafficServices traffic, AccessServices access) {
        Map<Class<?>, Object> given = new HashMap<>();
        putIfPresent(given, ControlServices.class, services);
        putIfPresent(given, TrafficServices.class, traffic);
        putIfPresent(given, AccessServices.class, access);
        this.services = Map.copyOf(given);
    }

    private HandlerFactory(Map<Class<?>, Object> services) {
        this.services = Map.copyOf(services);
    }

    /**
     * A factory for a host without the publishing services (a gateway serving validation only):
     * the handlers that need them answer 503 saying so.
     */
    public static HandlerFactory withoutServices() {
        return new HandlerFactory(Map.of());
    }

    /** This factory, also building the handlers whose constructor takes {@code type}. */
    public <T> HandlerFactory with(Class<T> type, T service) {
        Map<Class<?>, Object> more = new HashMap<>(services);
        more.put(type, Objects.requireNonNull(service, "service"));
        return new HandlerFactory(more);
    }

    public ApiHandler create(Class<? extends ApiHandler> type) {
        try {
            Constructor<?> needingService = null;
            Constructor<?>[] constructors = type.getConstructors();
            // The no-arg constructor wins where a handler has both.
            Arrays.sort(constructors, Comparator.comparingInt(Constructor::getParameterCount));
            for (Constructor<?> constructor : constructors) {
                Class<?>[] parameters = constructor.getParameterTypes();
                if (parameters.length == 0) {
                    return type.cast(constructor.newInstance());
                }
                if (parameters.length == 1) {
                    Object service = services.get(parameters[0]);
                    if (service != null) {
                        return type.cast(constructor.newInstance(service));
                    }
                    needingService = constructor;
                }
            }
            if (needingService == null) {
                throw new IllegalStateException("The handler " + type.getName()
                        + " needs a public constructor taking no argument or one service");
            }
            return new Unavailable(type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The handler " + type.getName() + " could not be built", e);
        }
    }

    private static <T> void putIfPresent(Map<Class<?>, Object> services, Class<T> type, T service) {
        if (service != null) {
            services.put(type, service);
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
