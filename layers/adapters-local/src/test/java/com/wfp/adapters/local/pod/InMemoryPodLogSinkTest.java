package com.wfp.adapters.local.pod;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryPodLogSinkTest {

    @Test
    void accept_beyondCapacity_evictsTheOldestLines() {
        InMemoryPodLogSink sink = new InMemoryPodLogSink(3);

        for (int i = 1; i <= 5; i++) {
            sink.accept(i % 2 == 0 ? "ada" : "grace", "production", "{\"n\":" + i + "}");
        }

        assertThat(sink.lines()).extracting(InMemoryPodLogSink.PodLogLine::jsonLine)
                .containsExactly("{\"n\":3}", "{\"n\":4}", "{\"n\":5}");
        assertThat(sink.linesOf("ada")).extracting(InMemoryPodLogSink.PodLogLine::jsonLine)
                .containsExactly("{\"n\":4}");
        assertThat(sink.evicted()).isEqualTo(2);
    }
}
