package com.wfp.platform.routing;

import com.wfp.platform.port.PodCall;
import com.wfp.platform.port.PodInvoker;
import com.wfp.platform.telemetry.ForwardedCalls;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends copies of live calls to a shadow release on its own threads and throws the answers away.
 * The caller never waits for a copy unless it chooses to: when the shadow falls behind, copies
 * beyond a small queue are dropped and counted. A shadow's failure is its own; it is counted in
 * the shadow's telemetry and never reaches the caller.
 */
public final class ShadowMirror implements AutoCloseable {

    private static final int THREADS = 2;
    private static final int QUEUE = 256;

    private final PodInvoker pods;
    private final ForwardedCalls observer;
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), Thread.ofPlatform().name("wfp-shadow-", 0).daemon().factory());
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    public ShadowMirror(PodInvoker pods, ForwardedCalls observer) {
        this.pods = pods;
        this.observer = observer;
    }

    /** Queues the copy; returns at once with what completes when the copy was answered or dropped. */
    public CompletableFuture<Void> mirror(PodCall copy) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    send(copy);
                } finally {
                    done.complete(null);
                }
            });
        } catch (RejectedExecutionException full) {
            dropped.incrementAndGet();
            done.complete(null);
        }
        return done;
    }

    private void send(PodCall copy) {
        long started = System.nanoTime();
        int status;
        try {
            status = pods.invoke(copy).status();
        } catch (RuntimeException e) {
            status = 502;
        }
        sent.incrementAndGet();
        observer.forwarded(copy.releaseId(), status, System.nanoTime() - started);
    }

    /** Copies answered (or failed) so far. */
    public long sent() {
        return sent.get();
    }

    /** Copies dropped because the shadow fell behind. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
