package com.wfp.platform.routing;

import com.wfp.platform.port.PodAnswer;
import com.wfp.platform.port.PodCall;
import com.wfp.platform.port.PodInvoker;
import com.wfp.workflow.error.DomainException;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One compartment per user's pod: at most {@code maxInFlight} calls of a user are with the pod at once and at
 * most {@code maxWaiting} more wait for a place, each no longer than {@code maxWait}. Past that a call is
 * refused at once with a 503 (which the edge answers with {@code Retry-After}), so one user's slow workflow
 * holds a bounded share of the gateway and never a queue that grows without end; other users' calls go to
 * their own compartments.
 */
public final class PodBulkhead implements PodInvoker {

    /**
     * The bounds of each user's compartment.
     *
     * @param maxInFlight calls with the pod at once
     * @param maxWaiting  calls that may wait for a place; 0 refuses at once when all places are taken
     * @param maxWait     longest a call waits for a place before it is refused
     */
    public record Limits(int maxInFlight, int maxWaiting, Duration maxWait) {

        /** What the local gateway allows each user's pod by default. */
        public static final Limits DEFAULTS = new Limits(64, 64, Duration.ofSeconds(1));

        public Limits {
            if (maxInFlight < 1 || maxWaiting < 0 || maxWait.isNegative()) {
                throw new IllegalArgumentException("A bulkhead needs at least one place in flight and no negative bounds");
            }
        }
    }

    private final PodInvoker pods;
    private final Limits limits;
    private final ConcurrentHashMap<String, Compartment> compartments = new ConcurrentHashMap<>();

    public PodBulkhead(PodInvoker pods, Limits limits) {
        this.pods = pods;
        this.limits = limits;
    }

    @Override
    public PodAnswer invoke(PodCall call) {
        Compartment compartment = compartments.computeIfAbsent(call.user(), user -> new Compartment());
        compartment.enter(call.user());
        try {
            return pods.invoke(call);
        } finally {
            compartment.inFlight.release();
        }
    }

    /** Calls of {@code user} with the pod right now. */
    public int inFlight(String user) {
        Compartment compartment = compartments.get(user);
        return compartment == null ? 0 : limits.maxInFlight() - compartment.inFlight.availablePermits();
    }

    /** Calls of {@code user} waiting for a place right now. */
    public int waiting(String user) {
        Compartment compartment = compartments.get(user);
        return compartment == null ? 0 : compartment.waiting.get();
    }

    private final class Compartment {
        private final Semaphore inFlight = new Semaphore(limits.maxInFlight());
        private final AtomicInteger waiting = new AtomicInteger();

        void enter(String user) {
            if (inFlight.tryAcquire()) {
                return;
            }
            if (waiting.incrementAndGet() > limits.maxWaiting()) {
                waiting.decrementAndGet();
                throw busy(user);
            }
            try {
                if (!inFlight.tryAcquire(limits.maxWait().toNanos(), TimeUnit.NANOSECONDS)) {
                    throw busy(user);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw busy(user);
            } finally {
                waiting.decrementAndGet();
            }
        }
    }

    private DomainException busy(String user) {
        return DomainException.unavailable("pod.busy", "The pod of " + user + " already has " + limits.maxInFlight()
                        + " calls in flight and " + limits.maxWaiting() + " waiting, the most the gateway holds for one"
                        + " user's pod",
                "Retry after the time in Retry-After; if this lasts, the workflow is slower than the traffic it gets:"
                        + " make it faster or send fewer calls at once.", null);
    }
}
