package com.wfp.adapters.local.pod;

import java.time.Duration;

/** Delay before restarting a crashed pod: {@code initial}, doubled per consecutive crash, capped at {@code max}. */
record RestartBackoff(Duration initial, Duration max) {

    Duration delayAfter(int consecutiveCrashesBefore) {
        long delay = initial.toMillis() << Math.min(Math.max(consecutiveCrashesBefore, 0), 30);
        return Duration.ofMillis(Math.min(delay, max.toMillis()));
    }
}
