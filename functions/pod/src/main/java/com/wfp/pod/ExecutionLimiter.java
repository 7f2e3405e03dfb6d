package com.wfp.pod;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bounds a pod's executions: at most {@code maxConcurrency} run at once and at most {@code queueSize} wait,
 * each for at most {@code queueTimeout}. Over the bound a run is refused at once (429), never parked. Also
 * the drain gate: once draining, new runs are refused (503) and {@link #awaitIdle} waits for admitted ones.
 */
public final class ExecutionLimiter {

    /** An admitted execution; closing it frees its slot. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final int maxConcurrency;
    private final int queueSize;
    private final long queueTimeoutNanos;
    private final Semaphore slots;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger admitted = new AtomicInteger();
    private final LongAdder refusedOverload = new LongAdder();
    private final LongAdder refusedQueueTimeout = new LongAdder();
    private volatile boolean draining;
    private final Object idle = new Object();

    public ExecutionLimiter(int maxConcurrency, int queueSize, Duration queueTimeout) {
        this.maxConcurrency = maxConcurrency;
        this.queueSize = queueSize;
        this.queueTimeoutNanos = queueTimeout.toNanos();
        // Fair, so that waiting runs are served in arrival order once a slot frees.
        this.slots = new Semaphore(maxConcurrency, true);
    }

    /**
     * Admits one execution or throws {@link RetryLaterException}: 429 when all slots and the queue are full,
     * 503 when the wait for a slot timed out or the pod is draining.
     */
    public Permit admit() {
        // Counted before the drain check: a stop that sets draining and then sees zero admitted runs
        // cannot miss a run that passed the check (both sides use sequentially consistent atomics).
        admitted.incrementAndGet();
        boolean holdsSlot = false;
        try {
            if (draining) {
                throw draining();
            }
            if (queued.get() == 0 && slots.tryAcquire()) {
                holdsSlot = true;
            } else {
                holdsSlot = waitForSlot();
            }
            return this::release;
        } finally {
            if (!holdsSlot) {
                leave();
            }
        }
    }

    private boolean waitForSlot() {
        if (queued.incrementAndGet() > queueSize) {
            queued.decrementAndGet();
            refusedOverload.increment();
            throw new RetryLaterException("pod.overloaded", 429,
                    "The pod is running " + maxConcurrency + " executions and " + queueSize + " more are waiting",
                    "Retry after the Retry-After delay, or ask for a larger pod (more concurrency) if this persists.", 1);
        }
        try {
            if (!slots.tryAcquire(queueTimeoutNanos, TimeUnit.NANOSECONDS)) {
                refusedQueueTimeout.increment();
                throw new RetryLaterException("pod.queue-timeout", 503,
                        "No execution slot became free within " + TimeUnit.NANOSECONDS.toMillis(queueTimeoutNanos) + " ms",
                        "Retry after the Retry-After delay; the workflows on this pod are slower than the traffic allows.", 1);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryLaterException("pod.interrupted", 503, "The pod stopped while the execution waited for a slot",
                    "Retry the request.", 1);
        } finally {
            queued.decrementAndGet();
        }
    }

    private void release() {
        slots.release();
        leave();
    }

    private void leave() {
        if (admitted.decrementAndGet() == 0 && draining) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    private static RetryLaterException draining() {
        return new RetryLaterException("pod.draining", 503, "The pod is shutting down and accepts no new executions",
                "Retry the request; the gateway sends it to another pod or to this pod's replacement.", 1);
    }

    /** From now on, refuse new executions. */
    public void beginDrain() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }

    /** Waits until no admitted execution remains, or the timeout passes; true when idle. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (admitted.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    /** Executions running now. */
    public int inFlight() {
        return maxConcurrency - slots.availablePermits();
    }

    /** Executions waiting for a slot now. */
    public int queued() {
        return queued.get();
    }

    public long refusedOverload() {
        return refusedOverload.sum();
    }

    public long refusedQueueTimeout() {
        return refusedQueueTimeout.sum();
    }

    public int maxConcurrency() {
        return maxConcurrency;
    }

    public int queueSize() {
        return queueSize;
    }
}
