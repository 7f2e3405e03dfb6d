package com.wfp.pod;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutionLimiterTest {

    @Test
    void admit_upToMaxConcurrency_runsAtOnce() {
        ExecutionLimiter limiter = new ExecutionLimiter(2, 0, Duration.ofSeconds(1));

        ExecutionLimiter.Permit first = limiter.admit();
        ExecutionLimiter.Permit second = limiter.admit();

        assertThat(limiter.inFlight()).isEqualTo(2);
        first.close();
        second.close();
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void admit_whenSlotsAndQueueAreFull_refusesWith429AtOnce() {
        ExecutionLimiter limiter = new ExecutionLimiter(1, 0, Duration.ofSeconds(10));
        limiter.admit();

        long start = System.nanoTime();
        assertThatThrownBy(limiter::admit)
                .isInstanceOfSatisfying(RetryLaterException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(429);
                    assertThat(e.code()).isEqualTo("pod.overloaded");
                    assertThat(e.retryAfterSeconds()).isEqualTo(1);
                });
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(500);
        assertThat(limiter.refusedOverload()).isEqualTo(1);
    }

    @Test
    void admit_whenQueuedAndASlotFrees_runsTheWaiter() throws Exception {
        ExecutionLimiter limiter = new ExecutionLimiter(1, 1, Duration.ofSeconds(5));
        ExecutionLimiter.Permit holder = limiter.admit();
        CompletableFuture<ExecutionLimiter.Permit> waiter = CompletableFuture.supplyAsync(limiter::admit);
        while (limiter.queued() == 0) {
            Thread.sleep(1);
        }

        holder.close();

        waiter.get(5, TimeUnit.SECONDS).close();
        assertThat(limiter.queued()).isZero();
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void admit_whenQueueWaitTimesOut_refusesWith503() {
        ExecutionLimiter limiter = new ExecutionLimiter(1, 1, Duration.ofMillis(50));
        limiter.admit();

        assertThatThrownBy(limiter::admit)
                .isInstanceOfSatisfying(RetryLaterException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));
        assertThat(limiter.queued()).isZero();
        assertThat(limiter.refusedQueueTimeout()).isEqualTo(1);
    }

    @Test
    void admit_whileDraining_refusesWith503AndAwaitIdleWaitsForAdmitted() throws Exception {
        ExecutionLimiter limiter = new ExecutionLimiter(4, 4, Duration.ofSeconds(1));
        ExecutionLimiter.Permit running = limiter.admit();

        limiter.beginDrain();

        assertThatThrownBy(limiter::admit)
                .isInstanceOfSatisfying(RetryLaterException.class, e -> assertThat(e.code()).isEqualTo("pod.draining"));
        assertThat(limiter.awaitIdle(Duration.ofMillis(50))).isFalse();
        CompletableFuture.runAsync(() -> {
            sleep(100);
            running.close();
        });
        assertThat(limiter.awaitIdle(Duration.ofSeconds(5))).isTrue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
