package com.wfp.platform.port;

import com.wfp.platform.alert.PodCheckMinute;

import java.time.Instant;
import java.util.List;

/**
 * Port: the scheduled health checks of each user's production pod, counted per minute, which
 * uptime is read from. Failures are {@code DomainException}s ({@code store.unavailable} when it
 * cannot be read or written).
 */
public interface PodCheckStore {

    /** Counts one scheduled health check of the user's production pod in the minute of {@code at}. */
    void recordPodCheck(String user, Instant at, boolean up);

    /** The user's pod checks per minute in {@code [from, to)}, oldest first. */
    List<PodCheckMinute> podChecks(String user, Instant from, Instant to);

    /** Removes every user's pod checks of minutes before {@code before}; returns how many minutes were removed. */
    long purgePodChecks(Instant before);
}
