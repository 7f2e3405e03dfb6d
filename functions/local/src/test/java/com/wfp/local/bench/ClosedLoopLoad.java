package com.wfp.local.bench;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The load the gateway benchmarks drive: {@code threads} callers, each sending its next call as
 * soon as the last one answered, until the time is up. A call answering anything but the expected
 * status stops the run, so a benchmark never reports the speed of failures.
 */
public final class ClosedLoopLoad {

    private ClosedLoopLoad() {
    }

    /** @return one latency histogram (microseconds) per caller */
    public static List<Histogram> drive(int threads, long millis, Callable<Integer> call, int expectedStatus)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            List<Future<Histogram>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    Histogram latency = new Histogram(3);
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        int status = call.call();
                        latency.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
                        if (status != expectedStatus) {
                            throw new IllegalStateException("unexpected status " + status);
                        }
                    }
                    return latency;
                }));
            }
            List<Histogram> results = new ArrayList<>();
            for (Future<Histogram> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
