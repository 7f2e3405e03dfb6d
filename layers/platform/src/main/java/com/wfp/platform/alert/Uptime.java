package com.wfp.platform.alert;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The uptime of a workflow's production pod, from the health checks made on schedule: per day and
 * over the whole span, with the outages (runs of minutes in which a check found the pod down).
 * Minutes without a check (the pod not started, the platform stopped) count neither way.
 *
 * @param pod the user whose production pod serves the workflow
 */
public record Uptime(String pod, List<Day> days, long checks, long upChecks, List<Outage> outages) {

    /** One UTC day's checks. */
    public record Day(LocalDate day, long checks, long upChecks) {
        /** Percent of the day's checks that found the pod up; 100 without checks. */
        public double percent() {
            return checks == 0 ? 100 : 100.0 * upChecks / checks;
        }
    }

    /** Consecutive minutes with a failed check, {@code [from, to)}. */
    public record Outage(Instant from, Instant to) {
        public long minutes() {
            return java.time.Duration.between(from, to).toMinutes();
        }
    }

    public Uptime {
        days = List.copyOf(days);
        outages = List.copyOf(outages);
    }

    public double percent() {
        return checks == 0 ? 100 : 100.0 * upChecks / checks;
    }
}
