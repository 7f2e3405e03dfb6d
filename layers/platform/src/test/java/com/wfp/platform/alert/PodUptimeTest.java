package com.wfp.platform.alert;

import com.wfp.platform.pod.PodPlan;
import com.wfp.platform.pod.PodSummary;
import com.wfp.platform.port.InMemoryAlertStore;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodUptimeTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final WorkflowRef ORDERS = new WorkflowRef("ada", "shop", "orders");

    private final InMemoryAlertStore checks = new InMemoryAlertStore();
    private final PodUptime uptime = new PodUptime(checks, Clock.fixed(T0, ZoneOffset.UTC));

    private static PodSummary pod(String user, String kind, String state) {
        return new PodSummary(user, kind, state, -1, 0, 0, 0, 0, Duration.ZERO, List.of(), PodPlan.defaults(), false);
    }

    @Test
    void record_countsReadyAsUpAndUnreachableOrRestartingAsDown_andNothingElse() {
        int counted = uptime.record(List.of(pod("ada", "production", "ready"), pod("bob", "production", "unreachable"),
                pod("cy", "production", "restarting"), pod("dan", "production", "stopped"),
                pod("eve", "production", "starting"), pod("ada", "debug", "unreachable")));

        assertThat(counted).isEqualTo(3);
        assertThat(checks.podChecks("ada", T0, T0.plusSeconds(60))).containsExactly(new PodCheckMinute("ada", T0, 1, 1));
        assertThat(checks.podChecks("bob", T0, T0.plusSeconds(60))).containsExactly(new PodCheckMinute("bob", T0, 1, 0));
        assertThat(checks.podChecks("cy", T0, T0.plusSeconds(60))).containsExactly(new PodCheckMinute("cy", T0, 1, 0));
        assertThat(checks.podChecks("dan", T0, T0.plusSeconds(60))).as("a stopped pod is idle, not down").isEmpty();
        assertThat(checks.podChecks("eve", T0, T0.plusSeconds(60))).as("a pod still starting").isEmpty();
    }

    @Test
    void record_removesChecksOlderThanThirtyDays() {
        checks.recordPodCheck("ada", T0.minus(Duration.ofDays(31)), true);
        checks.recordPodCheck("ada", T0.minus(Duration.ofDays(29)), true);

        uptime.record(List.of());

        assertThat(checks.podChecks("ada", Instant.EPOCH, T0)).singleElement()
                .satisfies(minute -> assertThat(minute.minute()).isEqualTo(T0.minus(Duration.ofDays(29))));
    }

    @Test
    void uptime_countsChecksPerDayAndListsTheOutagesNewestFirst() {
        Instant yesterday = T0.minus(Duration.ofDays(1));
        checks.recordPodCheck("ada", yesterday, true);
        checks.recordPodCheck("ada", yesterday.plusSeconds(60), false);
        checks.recordPodCheck("ada", yesterday.plusSeconds(120), false);
        checks.recordPodCheck("ada", yesterday.plusSeconds(180), true);
        checks.recordPodCheck("ada", T0.minusSeconds(120), false);
        checks.recordPodCheck("ada", T0.minusSeconds(60), true);
        checks.recordPodCheck("bob", T0.minusSeconds(60), false);

        Uptime result = uptime.uptime(ORDERS, 7);

        assertThat(result.days()).hasSize(7);
        assertThat(result.checks()).isEqualTo(6);
        assertThat(result.percent()).isEqualTo(50.0);
        assertThat(result.days().get(5).percent()).isEqualTo(50.0);
        assertThat(result.days().get(6).percent()).isEqualTo(50.0);
        assertThat(result.days().getFirst().percent()).as("a day without checks").isEqualTo(100.0);
        assertThat(result.outages()).containsExactly(
                new Uptime.Outage(T0.minusSeconds(120), T0.minusSeconds(60)),
                new Uptime.Outage(yesterday.plusSeconds(60), yesterday.plusSeconds(180)));
        assertThat(result.outages().get(1).minutes()).isEqualTo(2);
    }

    @Test
    void uptime_outsideOneToThirtyDays_isRefusedSayingTheRange() {
        assertThatThrownBy(() -> uptime.uptime(ORDERS, 31)).isInstanceOf(DomainException.class)
                .hasMessageContaining("31 days").extracting(e -> ((DomainException) e).code())
                .isEqualTo("alert.invalid-days");
        assertThatThrownBy(() -> uptime.uptime(ORDERS, 0)).isInstanceOf(DomainException.class);
    }
}
