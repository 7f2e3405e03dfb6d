package com.wfp.platform.telemetry;

import com.wfp.platform.release.ReleaseId;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryReleaseMetricsTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final ReleaseId V1 = new ReleaseId("rel-1");
    private static final ReleaseId V2 = new ReleaseId("rel-2");

    @Test
    void stats_countOnlyTheReleasesExecutionsStartedInTheHalfOpenWindow() {
        InMemoryReleaseMetrics metrics = new InMemoryReleaseMetrics();
        for (int i = 1; i <= 100; i++) {
            metrics.record(V1, T0.plusSeconds(i % 10), i, i % 4 == 0);
        }
        metrics.record(V1, T0.plusSeconds(10), 5_000, true);
        metrics.record(V1, T0.minusSeconds(1), 5_000, true);
        metrics.record(V2, T0, 9_000, true);

        WindowStats stats = metrics.stats(V1, T0, T0.plusSeconds(10));

        assertThat(stats.requests()).isEqualTo(100);
        assertThat(stats.errors()).isEqualTo(25);
        assertThat(stats.errorRate()).isEqualTo(0.25);
        assertThat(stats.p95Ms()).isEqualTo(95);
    }

    @Test
    void stats_whenNothingRan_isEmpty() {
        assertThat(new InMemoryReleaseMetrics().stats(V1, T0, T0.plusSeconds(60))).isEqualTo(WindowStats.EMPTY);
        assertThat(WindowStats.EMPTY.errorRate()).isZero();
    }

    @Test
    void windowStats_whenMoreErrorsThanRequests_isRefused() {
        assertThatThrownBy(() -> new WindowStats(3, 4, 10)).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo("telemetry.invalid-stats"));
    }
}
