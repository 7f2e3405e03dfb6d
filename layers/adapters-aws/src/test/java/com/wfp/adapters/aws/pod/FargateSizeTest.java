package com.wfp.adapters.aws.pod;

import com.wfp.platform.pod.PodPlan;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FargateSizeTest {

    @Test
    void of_theDefaultPlan_isTheSmallestOneCoreTask() {
        assertThat(FargateSize.of(PodPlan.defaults().with(null, 1, null, null))).isEqualTo(new FargateSize(1024, 2048));
    }

    @Test
    void of_aHeapBeyondTheSmallestMemory_roundsUpToFargatesStepWithAQuarterSpare() {
        // 4096 MiB of heap needs 5462 MiB of task memory: 6144 in 1 GiB steps.
        assertThat(FargateSize.of(new PodPlan(4096, 1, 16, 64))).isEqualTo(new FargateSize(1024, 6144));
    }

    @Test
    void of_aHeapTooLargeForTheCores_takesMoreCores() {
        // 16384 MiB of heap needs 21846 MiB: more than 1 or 2 vCPU may have, so 4 vCPU with 22528.
        assertThat(FargateSize.of(new PodPlan(16384, 1, 16, 64))).isEqualTo(new FargateSize(4096, 22528));
    }

    @Test
    void of_threeCores_roundsUpToFour() {
        assertThat(FargateSize.of(new PodPlan(256, 3, 16, 64)).cpuUnits()).isEqualTo(4096);
    }

    @Test
    void of_moreCoresThanFargateHas_isRefusedSayingTheLimit() {
        assertThatThrownBy(() -> FargateSize.of(new PodPlan(256, 17, 16, 64)))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("pod.plan-too-large");
                    assertThat(e.hint()).contains("16 cores");
                });
    }
}
