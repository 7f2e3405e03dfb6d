package com.wfp.local.gateway;

import com.wfp.platform.release.ReleaseId;
import org.eclipse.jetty.http.HttpFields;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends copies of live calls to a shadow release on its own threads, marked {@code X-Wfp-Shadow: 1},
 * and throws the answers away. The caller never waits for a copy: when the shadow falls behind,
 * copies beyond a small queue are dropped and counted.
 */
final class ShadowMirror implements AutoCloseable {

    static final Map<String, String> SHADOW_HEADERS = Map.of("X-Wfp-Shadow", "1");
    private static final int THREADS = 2;
    private static final int QUEUE = 256;

    private final PodForwarder forwarder;
    private final ReleaseTargets targets;
    private final ForwardedCalls observer;
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), Thread.ofPlatform().name("wfp-shadow-", 0).daemon().factory());
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    ShadowMirror(PodForwarder forwarder, ReleaseTargets targets, ForwardedCalls observer) {
        this.forwarder = forwarder;
        this.targets = targets;
        this.observer = observer;
    }

    /** Queues a copy of {@code call} for the shadow release; returns at once. */
    void mirror(PodForwarder.Call call, ReleaseId shadow) {
        // Jetty recycles a request's header fields once the exchange completes, which may be before
        // the copy is sent: the copy takes its own.
        PodForwarder.Call copy = new PodForwarder.Call(call.user(), call.method(),
                HttpFields.build(call.headers()).asImmutable(), call.rawQuery(), call.path(), call.body());
        try {
            executor.execute(() -> send(copy, shadow));
        } catch (RejectedExecutionException full) {
            dropped.incrementAndGet();
        }
    }

    private void send(PodForwarder.Call call, ReleaseId shadow) {
        long started = System.nanoTime();
        int status;
        try {
            status = forwarder.forward(call, new ReleaseTargets.Target(shadow, shadow.value()), targets,
                    SHADOW_HEADERS).statusCode();
        } catch (RuntimeException e) {
            // A shadow's failure is its own: it is counted, never surfaced to the caller.
            status = 502;
        }
        sent.incrementAndGet();
        observer.forwarded(shadow, status, System.nanoTime() - started);
    }

    /** Copies answered (or failed) so far. */
    long sent() {
        return sent.get();
    }

    /** Copies dropped because the shadow fell behind. */
    long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
