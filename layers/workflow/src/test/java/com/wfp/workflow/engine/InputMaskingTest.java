package com.wfp.workflow.engine;

import com.wfp.workflow.secrets.InMemorySecretProvider;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.wfp.workflow.engine.Workflows.json;
import static com.wfp.workflow.engine.Workflows.request;
import static com.wfp.workflow.engine.Workflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;

class InputMaskingTest {

    private static final String SECRET = "sk-live-SEEDED-MARKER-7f3a";
    private static final String CARD = "4111-CARD-MARKER-1111";

    private static final String NODES = """
            [{"id":"in","type":"trigger.http","config":{"method":"POST","auth":"none",
               "inputSchema":{"type":"object","properties":{
                 "card":{"type":"string","writeOnly":true},
                 "pin":{"type":"string","format":"password"},
                 "items":{"type":"array","items":{"type":"object","properties":{"code":{"type":"string","writeOnly":true}}}}}}}},
             {"id":"boom","type":"transform","config":{"expression":"$number(input.card) + input.total"}},
             {"id":"ok","type":"respond","config":{"status":200,"body":"nodes.boom"}}]""";
    private static final String EDGES = "[{\"from\":\"in\",\"to\":\"boom\"},{\"from\":\"boom\",\"to\":\"ok\"}]";

    private static WorkflowEngine engine() {
        return new WorkflowEngine(EngineSettings.defaults(), new InMemorySecretProvider(Map.of("crm", SECRET)));
    }

    private static ExecutableWorkflow release(WorkflowEngine engine) {
        return engine.prepare(workflow(NODES, EDGES, "[{\"name\":\"crm\",\"type\":\"bearer\"}]", "{}"), "rel-1", "v1");
    }

    @Test
    void input_masksSchemaMarkedFieldsSecretNamedFieldsAndCredentialValues_andKeepsTheRest() {
        WorkflowEngine engine = engine();
        InputMasking masking = engine.masking(release(engine), json("""
                {"card":"%s","pin":"1234","apiKey":"abc-key-value","nested":{"password":"hunter22"},
                 "items":[{"code":"CODE-ONE","qty":2}],"note":"token is %s","total":5}""".formatted(CARD, SECRET)));

        String input = masking.input().orElseThrow().toString();

        assertThat(input).doesNotContain(CARD, "1234", "abc-key-value", "hunter22", "CODE-ONE", SECRET);
        assertThat(input).contains("\"card\":\"***\"", "\"pin\":\"***\"", "\"apiKey\":\"***\"", "\"qty\":2",
                "\"total\":5", "\"note\":\"token is ***\"");
    }

    @Test
    void trace_ofAFailureQuotingASensitiveValue_masksItInMessageAndStack() {
        WorkflowEngine engine = engine();
        ExecutableWorkflow release = release(engine);
        ExecutionRequest call = request("{\"card\":\"" + CARD + "\",\"total\":1}");
        ExecutionResult result = engine.execute(release, call);
        InputMasking masking = engine.masking(release, call.input());

        ExecutionTrace masked = masking.trace(result.trace());

        assertThat(result.trace().status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(masked.toString()).doesNotContain(CARD);
        assertThat(masking.text("value " + CARD + " and " + SECRET)).isEqualTo("value *** and ***");
    }
}
