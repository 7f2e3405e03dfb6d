package com.wfp.platform.release;

import com.wfp.platform.port.DraftRunner;
import com.wfp.platform.port.InMemoryReleaseStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DraftServiceTest {

    private static final WorkflowRef REF = new WorkflowRef("ada", "shop", "greeting");
    private static final String WITH_EXAMPLE = """
            {"format":1,"id":"greeting","nodes":[
              {"id":"in","type":"trigger.http","config":{"method":"POST","auth":"none","example":{"name":"Example"}}},
              {"id":"out","type":"respond","config":{"status":200,"body":"input"}}],
             "edges":[{"from":"in","to":"out"}]}""";

    private final List<String> inputs = new ArrayList<>();
    private final InMemoryReleaseStore store = new InMemoryReleaseStore();
    private final DraftService drafts = new DraftService(store, store, store, (ref, definition, input) -> {
        inputs.add(input);
        return new DraftRunner.Result(200, input, null, "debug", 1);
    }, Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void run_withoutInput_usesTheTriggersExampleAsTheApiDocumentSays() {
        drafts.run(REF, WITH_EXAMPLE, null);

        assertThat(inputs).containsExactly("{\"name\":\"Example\"}");
    }

    @Test
    void run_withoutInputOnTheSavedDraft_usesItsExample() {
        drafts.save(REF, WITH_EXAMPLE, "ada");

        drafts.run(REF, null, null);

        assertThat(inputs).containsExactly("{\"name\":\"Example\"}");
    }

    @Test
    void run_withInput_usesTheInputNotTheExample() {
        drafts.run(REF, WITH_EXAMPLE, "{\"name\":\"Given\"}");

        assertThat(inputs).containsExactly("{\"name\":\"Given\"}");
    }

    @Test
    void run_withoutInputAndWithoutExample_sendsJsonNull() {
        drafts.run(REF, WITH_EXAMPLE.replace(",\"example\":{\"name\":\"Example\"}", ""), null);

        assertThat(inputs).containsExactly("null");
    }
}
