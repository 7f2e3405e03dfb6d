package com.wfp.platform.routing;

import com.wfp.platform.release.ReleaseId;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingConfigTest {

    private static final WorkflowRef REF = new WorkflowRef("alice", "shop", "orders");
    private static final ReleaseId A = new ReleaseId("rel-a");
    private static final ReleaseId B = new ReleaseId("rel-b");

    @Test
    void create_whenWeightsDoNotSumToOneHundred_fails() {
        assertThatThrownBy(() -> new RoutingConfig(REF, 1, List.of(new RouteWeight(A, 60), new RouteWeight(B, 30)), null, null))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("routing.weights-sum");
                    assertThat(e.getMessage()).contains("90%");
                });
    }

    @Test
    void create_whenAReleaseIsListedTwice_fails() {
        assertThatThrownBy(() -> new RoutingConfig(REF, 1, List.of(new RouteWeight(A, 50), new RouteWeight(A, 50)), null, null))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("routing.duplicate-release"));
    }

    @Test
    void create_withWeightsOutOfRangeOrBadShadow_fails() {
        assertThatThrownBy(() -> new RouteWeight(A, 101)).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> new RouteWeight(A, -1)).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> new Shadow(A, 0)).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> new RoutingConfig(REF, -1, List.of(), null, null)).isInstanceOf(DomainException.class);
    }

    @Test
    void mostTraffic_picksTheLargestWeightAndOnATieTheFirstListed() {
        RoutingConfig split = new RoutingConfig(REF, 1, List.of(new RouteWeight(A, 50), new RouteWeight(B, 50)), null, null);
        RoutingConfig mostlyB = new RoutingConfig(REF, 1, List.of(new RouteWeight(A, 40), new RouteWeight(B, 60)), null, null);

        assertThat(split.mostTraffic()).contains(A);
        assertThat(mostlyB.mostTraffic()).contains(B);
        assertThat(RoutingConfig.empty(REF).mostTraffic()).isEmpty();
        assertThat(mostlyB.weightOf(B)).contains(60);
        assertThat(mostlyB.routes(new ReleaseId("rel-c"))).isFalse();
    }

    @Test
    void stickiness_parsesItsTextForms() {
        assertThat(Stickiness.parse("off")).isEqualTo(Stickiness.OFF);
        assertThat(Stickiness.parse("callerKey")).isEqualTo(Stickiness.CALLER_KEY);
        assertThat(Stickiness.parse("header:X-Customer").text()).isEqualTo("header:x-customer");
        assertThatThrownBy(() -> Stickiness.parse("header:")).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo("routing.invalid-stickiness"));
        assertThatThrownBy(() -> Stickiness.parse("cookie")).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> Stickiness.parse("header:bad name")).isInstanceOf(DomainException.class);
    }
}
