package com.wfp.platform.port;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link InvocationCounts} must do; the fake and the DynamoDB adapter both run it. */
public abstract class InvocationCountsContract {

    private static final Instant M0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final Instant M1 = M0.plusSeconds(60);
    private static final Instant M2 = M0.plusSeconds(120);

    private InvocationCounts counts;

    protected abstract InvocationCounts newCounts();

    @BeforeEach
    void create() {
        counts = newCounts();
    }

    @Test
    void add_fromManyWritersAtOnce_sumsEveryCall() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long calls = i + 1;
                done.add(writers.submit(() -> counts.add("key_a", M0, calls)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            writers.shutdown();
        }

        assertThat(counts.take("key_a", M0)).hasValueSatisfying(count -> assertThat(count.calls()).isEqualTo(210));
    }

    @Test
    void before_listsOnlyEarlierMinutesOldestFirstUpToTheLimit() {
        counts.add("key_b", M1, 2);
        counts.add("key_a", M0, 1);
        counts.add("key_a", M2, 3);

        assertThat(counts.before(M2, 10)).extracting(InvocationCounts.MinuteCount::minute,
                InvocationCounts.MinuteCount::principal, InvocationCounts.MinuteCount::calls)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(M0, "key_a", 1L),
                        org.assertj.core.groups.Tuple.tuple(M1, "key_b", 2L));
        assertThat(counts.before(M2, 1)).hasSize(1);
        assertThat(counts.before(M0, 10)).isEmpty();
    }

    @Test
    void take_givesTheCountToOneCallerOnlyAndAnAdditionAfterStartsAnew() {
        counts.add("key_a", M0, 5);

        assertThat(counts.take("key_a", M0)).hasValueSatisfying(count -> assertThat(count.calls()).isEqualTo(5));
        assertThat(counts.take("key_a", M0)).isEmpty();
        assertThat(counts.before(M1, 10)).isEmpty();

        counts.add("key_a", M0, 2);
        assertThat(counts.take("key_a", M0)).hasValueSatisfying(count -> assertThat(count.calls()).isEqualTo(2));
    }
}
