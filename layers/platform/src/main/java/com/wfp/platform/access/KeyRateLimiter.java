package com.wfp.platform.access;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per key: a key limited to N calls per second may burst N calls, then gets N
 * more each second. Held in memory by the process that authorizes, so the limit is per gateway
 * instance.
 */
final class KeyRateLimiter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private static final class Bucket {
        private double tokens;
        private long updatedNanos;

        Bucket(double tokens, long updatedNanos) {
            this.tokens = tokens;
            this.updatedNanos = updatedNanos;
        }
    }

    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    KeyRateLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * Takes one call from the key's bucket.
     *
     * @return 0 when the call may go ahead, else how many whole seconds to wait (at least 1)
     */
    long acquire(String keyId, int perSecond) {
        if (perSecond <= 0) {
            return 0;
        }
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(keyId, id -> new Bucket(perSecond, now));
        synchronized (bucket) {
            double refill = (now - bucket.updatedNanos) * (double) perSecond / NANOS_PER_SECOND;
            bucket.tokens = Math.min(perSecond, bucket.tokens + Math.max(0, refill));
            bucket.updatedNanos = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            double waitSeconds = (1 - bucket.tokens) / perSecond;
            return Math.max(1, (long) Math.ceil(waitSeconds));
        }
    }

    void forget(String keyId) {
        buckets.remove(keyId);
    }
}
