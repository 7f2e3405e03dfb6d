package com.wfp.platform.port;

import com.wfp.platform.alert.PodCheckMinute;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour every {@link PodCheckStore} must have. An adapter's test extends this class and
 * returns a fresh, empty store.
 */
public abstract class PodCheckStoreContract {

    protected static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    protected PodCheckStore checks;

    /** A fresh, empty store. */
    protected abstract PodCheckStore newStore();

    @BeforeEach
    void open() {
        checks = newStore();
    }

    @Test
    void podChecks_countPerMinuteAndUser_andPurgeRemovesTheOldOnes() {
        checks.recordPodCheck("ada", T0.plusSeconds(1), true);
        checks.recordPodCheck("ada", T0.plusSeconds(30), false);
        checks.recordPodCheck("ada", T0.plusSeconds(61), true);
        checks.recordPodCheck("bob", T0.plusSeconds(2), true);

        assertThat(checks.podChecks("ada", T0, T0.plusSeconds(3600))).containsExactly(
                new PodCheckMinute("ada", T0, 2, 1),
                new PodCheckMinute("ada", T0.plusSeconds(60), 1, 1));
        assertThat(checks.podChecks("ada", T0.plusSeconds(60), T0.plusSeconds(3600))).hasSize(1);
        assertThat(checks.purgePodChecks(T0.plusSeconds(60))).isEqualTo(2);
        assertThat(checks.podChecks("ada", T0, T0.plusSeconds(3600))).hasSize(1);
        assertThat(checks.podChecks("bob", T0, T0.plusSeconds(3600))).isEmpty();
    }

    @Test
    void podChecks_readHalfOpenRangesOldestFirst_andOnlyTheUsersOwn() {
        for (int minute = 5; minute >= 0; minute--) {
            checks.recordPodCheck("ada", T0.plusSeconds(60L * minute + 10), minute % 2 == 0);
        }
        checks.recordPodCheck("adam", T0.plusSeconds(10), false);

        assertThat(checks.podChecks("ada", T0.plusSeconds(60), T0.plusSeconds(240)))
                .extracting(PodCheckMinute::minute)
                .containsExactly(T0.plusSeconds(60), T0.plusSeconds(120), T0.plusSeconds(180));
        assertThat(checks.podChecks("ada", T0, T0.plusSeconds(3600)))
                .extracting(PodCheckMinute::upChecks).containsExactly(1L, 0L, 1L, 0L, 1L, 0L);
        assertThat(checks.podChecks("adam", T0, T0.plusSeconds(3600))).singleElement()
                .isEqualTo(new PodCheckMinute("adam", T0, 1, 0));
        assertThat(checks.podChecks("nobody", T0, T0.plusSeconds(3600))).isEmpty();
    }

    @Test
    void recordPodCheck_fromManyThreadsAtOnce_countsEveryCheck() throws Exception {
        int threads = 4;
        int each = 5;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        checks.recordPodCheck("ada", T0.plusSeconds(i), (thread + i) % 2 == 0);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(checks.podChecks("ada", T0, T0.plusSeconds(60))).singleElement()
                .isEqualTo(new PodCheckMinute("ada", T0, threads * each, 10));
    }
}
