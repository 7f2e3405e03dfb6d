package com.wfp.adapters.local.pod;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RestartBackoffTest {

    private final RestartBackoff backoff = new RestartBackoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    @Test
    void delayAfter_consecutiveCrashes_doublesFromTheInitialDelayUpToTheMaximum() {
        assertThat(IntStream.range(0, 9).mapToObj(backoff::delayAfter).map(Duration::toMillis))
                .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
    }

    @Test
    void delayAfter_manyCrashes_staysAtTheMaximumWithoutOverflow() {
        assertThat(backoff.delayAfter(10_000)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delayAfter(63)).isEqualTo(Duration.ofSeconds(30));
    }
}
