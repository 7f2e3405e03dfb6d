package com.wfp.platform.routing;

import com.wfp.platform.port.PodAnswer;
import com.wfp.platform.port.PodCall;
import com.wfp.platform.release.ReleaseId;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodBulkheadTest {

    private final CountDownLatch slowPodAnswers = new CountDownLatch(1);
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void release() {
        slowPodAnswers.countDown();
        callers.shutdownNow();
    }

    private PodAnswer pod(PodCall call) {
        if (call.user().equals("slow")) {
            try {
                slowPodAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new PodAnswer(200, Map.of(), new byte[0]);
    }

    private static PodCall call(String user) {
        return new PodCall(user, new ReleaseId("rel-1"), "POST", Map.of(), null, "/w/" + user, new byte[0], false, null);
    }

    @Test
    void invoke_whenAUsersPlacesAndQueueAreFull_refusesAtOnceWith503AndLeavesOtherUsersAlone() throws Exception {
        PodBulkhead bulkhead = new PodBulkhead(this::pod, new PodBulkhead.Limits(2, 1, Duration.ofSeconds(30)));
        List<Future<PodAnswer>> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(callers.submit(() -> bulkhead.invoke(call("slow"))));
        }
        awaitInFlight(bulkhead, "slow", 2);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (bulkhead.waiting("slow") < 1) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(5);
        }

        long started = System.nanoTime();
        assertThatThrownBy(() -> bulkhead.invoke(call("slow")))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("pod.busy");
                    assertThat(e.httpStatus()).isEqualTo(503);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        assertThat(bulkhead.invoke(call("fast")).status()).isEqualTo(200);

        slowPodAnswers.countDown();
        for (Future<PodAnswer> call : held) {
            assertThat(call.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        assertThat(bulkhead.inFlight("slow")).isZero();
    }

    @Test
    void invoke_whenAPlaceDoesNotFreeUpInTime_refusesTheWaitingCall() throws Exception {
        PodBulkhead bulkhead = new PodBulkhead(this::pod, new PodBulkhead.Limits(1, 4, Duration.ofMillis(100)));
        callers.submit(() -> bulkhead.invoke(call("slow")));
        awaitInFlight(bulkhead, "slow", 1);

        assertThatThrownBy(() -> bulkhead.invoke(call("slow")))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("pod.busy"));
    }

    private static void awaitInFlight(PodBulkhead bulkhead, String user, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (bulkhead.inFlight(user) < expected) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
