package com.wfp.platform.alert;

import com.wfp.platform.pod.PodSummary;
import com.wfp.platform.port.PodCheckStore;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The production pods' uptime: each scheduled look at the pods counts one health check per
 * production pod in its minute ({@link #record}), and a workflow's uptime is read from the checks
 * of its user's pod, per UTC day and over the span, with the outages ({@link #uptime}). The host
 * decides the schedule: every 2 seconds on the local platform, every minute on AWS.
 */
public final class PodUptime {

    /** How long pod checks are kept: the uptime's longest span. */
    public static final Duration KEPT = Duration.ofDays(30);

    private static final Set<String> DOWN_STATES = Set.of("unreachable", "restarting");

    private final PodCheckStore checks;
    private final Clock clock;
    private Instant nextPurge = Instant.EPOCH;

    public PodUptime(PodCheckStore checks, Clock clock) {
        this.checks = checks;
        this.clock = clock;
    }

    /**
     * Counts one check of each production pod in {@code pods}: up when it is ready, down when it is
     * unreachable or restarting. A pod never started, stopped or still starting counts neither way.
     * Checks older than {@link #KEPT} are removed at most once an hour.
     *
     * @return how many pods were counted
     */
    public synchronized int record(List<PodSummary> pods) {
        Instant now = clock.instant();
        int counted = 0;
        for (PodSummary pod : pods) {
            boolean up = "ready".equals(pod.state());
            if ("production".equals(pod.kind()) && (up || DOWN_STATES.contains(pod.state()))) {
                checks.recordPodCheck(pod.user(), now, up);
                counted++;
            }
        }
        if (now.isAfter(nextPurge)) {
            checks.purgePodChecks(now.minus(KEPT));
            nextPurge = now.plus(Duration.ofHours(1));
        }
        return counted;
    }

    /** The uptime of the workflow's production pod over the last {@code days} UTC days, today included. */
    public Uptime uptime(WorkflowRef ref, int days) {
        if (days < 1 || days > KEPT.toDays()) {
            throw DomainException.badRequest("alert.invalid-days", "Uptime over " + days
                    + " days is out of range", "Ask for 1 to " + KEPT.toDays() + " days.");
        }
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant from = today.minusDays(days - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<LocalDate, long[]> perDay = new TreeMap<>();
        for (int d = 0; d < days; d++) {
            perDay.put(today.minusDays(d), new long[2]);
        }
        List<Uptime.Outage> outages = new ArrayList<>();
        Instant outageStart = null;
        Instant outageEnd = null;
        long total = 0;
        long up = 0;
        for (PodCheckMinute minute : checks.podChecks(ref.user(), from, now.plusSeconds(60))) {
            long[] day = perDay.get(LocalDate.ofInstant(minute.minute(), ZoneOffset.UTC));
            if (day != null) {
                day[0] += minute.checks();
                day[1] += minute.upChecks();
            }
            total += minute.checks();
            up += minute.upChecks();
            boolean down = minute.upChecks() < minute.checks();
            if (down && outageEnd != null && outageEnd.equals(minute.minute())) {
                outageEnd = minute.minute().plusSeconds(60);
            } else if (down) {
                if (outageStart != null) {
                    outages.add(new Uptime.Outage(outageStart, outageEnd));
                }
                outageStart = minute.minute();
                outageEnd = minute.minute().plusSeconds(60);
            }
        }
        if (outageStart != null) {
            outages.add(new Uptime.Outage(outageStart, outageEnd));
        }
        List<Uptime.Day> dayList = perDay.entrySet().stream()
                .map(e -> new Uptime.Day(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
        return new Uptime(ref.user(), dayList, total, up, outages.reversed());
    }
}
