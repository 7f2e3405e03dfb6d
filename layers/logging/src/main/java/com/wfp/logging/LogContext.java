package com.wfp.logging;

import org.slf4j.MDC;

import java.util.Objects;

/**
 * The ids every log line of one unit of work carries: set at the edge where the work starts (a control call,
 * a production call, a pod's execution) and restored when it ends, so a nested edge (the local gateway calling
 * a handler in-process) leaves the outer id in place.
 */
public final class LogContext {

    /** The id of a control API or production call, the one its error response names. */
    public static final String REQUEST_ID = "requestId";
    /** The id of one execution of a workflow in a pod. */
    public static final String EXECUTION_ID = "executionId";

    /** The scope of a {@link #with} that changed nothing. */
    private static final Scope UNCHANGED = () -> { };

    private LogContext() {
    }

    /** Puts {@code key} on every line logged by this thread until the returned scope closes. */
    public static Scope with(String key, String value) {
        String previous = MDC.get(key);
        if (Objects.equals(previous, value)) {
            // A nested edge with the outer edge's id (the local gateway handing its call to a handler): a production
            // call passes here twice, and each change of the context costs more than the lookup.
            return UNCHANGED;
        }
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
        return () -> {
            if (previous == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, previous);
            }
        };
    }

    /** Shorthand for {@code with(REQUEST_ID, requestId)}. */
    public static Scope requestId(String requestId) {
        return with(REQUEST_ID, requestId);
    }

    /** Shorthand for {@code with(EXECUTION_ID, executionId)}. */
    public static Scope executionId(String executionId) {
        return with(EXECUTION_ID, executionId);
    }

    /** Ends a {@link #with} scope; closing it never fails. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
