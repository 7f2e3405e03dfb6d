package com.wfp.platform.pod;

import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodPlanTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "heapMb, 63", "heapMb, 16385", "cpus, 0", "cpus, 65",
            "maxConcurrency, 0", "maxConcurrency, 1025", "queueSize, -1", "queueSize, 10001"})
    void plan_whenAValueIsOutsideItsLimits_isRefusedNamingTheFieldAndItsRange(String field, int value) {
        PodPlan base = PodPlan.defaults();

        assertThatThrownBy(() -> {
            PodPlan ignored = switch (field) {
                case "heapMb" -> base.with(value, null, null, null);
                case "cpus" -> base.with(null, value, null, null);
                case "maxConcurrency" -> base.with(null, null, value, null);
                default -> base.with(null, null, null, value);
            };
        }).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).isEqualTo("pod.plan-invalid");
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.getMessage()).contains(field).contains("was " + value);
            assertThat(e.hint()).contains(field);
        });
    }

    @Test
    void with_whenSomeValuesAreNull_keepsTheCurrentOnes() {
        PodPlan changed = new PodPlan(512, 1, 8, 10).with(null, 2, null, 0);

        assertThat(changed).isEqualTo(new PodPlan(512, 2, 8, 0));
    }

    @Test
    void limits_atTheirEdges_areAccepted() {
        assertThat(new PodPlan(PodPlan.MIN_HEAP_MB, 1, 1, 0).heapMb()).isEqualTo(64);
        assertThat(new PodPlan(PodPlan.MAX_HEAP_MB, PodPlan.MAX_CPUS, PodPlan.MAX_CONCURRENCY, PodPlan.MAX_QUEUE).cpus())
                .isEqualTo(64);
    }
}
