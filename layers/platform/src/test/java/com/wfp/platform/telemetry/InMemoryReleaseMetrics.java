package com.wfp.platform.telemetry;

import com.wfp.platform.release.ReleaseId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ReleaseMetrics} over executions recorded in memory, one by one, as a telemetry adapter
 * would read them from its execution records. The p95 is the nearest-rank percentile.
 */
public final class InMemoryReleaseMetrics implements ReleaseMetrics {

    private record Execution(ReleaseId releaseId, Instant startedAt, double durationMs, boolean failed) {
    }

    private final List<Execution> executions = new ArrayList<>();

    /** Records one production execution. */
    public synchronized InMemoryReleaseMetrics record(ReleaseId releaseId, Instant startedAt, double durationMs,
                                                      boolean failed) {
        executions.add(new Execution(releaseId, startedAt, durationMs, failed));
        return this;
    }

    /** Records {@code count} executions at {@code startedAt}, the first {@code failures} of them failed. */
    public InMemoryReleaseMetrics record(ReleaseId releaseId, Instant startedAt, int count, int failures, double durationMs) {
        for (int i = 0; i < count; i++) {
            record(releaseId, startedAt, durationMs, i < failures);
        }
        return this;
    }

    @Override
    public synchronized WindowStats stats(ReleaseId releaseId, Instant from, Instant to) {
        List<Execution> inWindow = executions.stream()
                .filter(e -> e.releaseId().equals(releaseId) && !e.startedAt().isBefore(from) && e.startedAt().isBefore(to))
                .toList();
        if (inWindow.isEmpty()) {
            return WindowStats.EMPTY;
        }
        double[] durations = inWindow.stream().mapToDouble(Execution::durationMs).sorted().toArray();
        int rank = (int) Math.ceil(0.95 * durations.length);
        long errors = inWindow.stream().filter(Execution::failed).count();
        return new WindowStats(inWindow.size(), errors, durations[rank - 1]);
    }
}
