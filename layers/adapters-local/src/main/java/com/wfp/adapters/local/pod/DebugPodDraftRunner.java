package com.wfp.adapters.local.pod;

import com.wfp.adapters.pod.PodClient;
import com.wfp.platform.port.DraftRunner;
import com.wfp.platform.port.PodAnswer;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.secrets.SecretRedaction;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Runs a draft once in the user's debug pod (never the production pod): loads it under a fresh
 * id, runs it with the given input, collects its trace from the pod's execution line, and
 * unloads it again. Asked to, it hands the draft the project's values of the credentials it
 * declares, as a release gets them, and masks them in the answer and the trace it returns.
 */
public final class DebugPodDraftRunner implements DraftRunner {

    private static final Duration TRACE_WAIT = Duration.ofSeconds(2);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LocalPodManager pods;
    private final PodClient client;
    private final ExecutionTraces traces;
    private final BiFunction<WorkflowRef, String, Map<String, String>> secrets;

    /** A runner that hands drafts no secret. */
    public DebugPodDraftRunner(LocalPodManager pods, PodClient client, ExecutionTraces traces) {
        this(pods, client, traces, (ref, definition) -> Map.of());
    }

    /**
     * @param secrets the values a draft of a workflow gets for the credentials its definition
     *                declares, from the workflow's own project (as a release of it would get them)
     */
    public DebugPodDraftRunner(LocalPodManager pods, PodClient client, ExecutionTraces traces,
                               BiFunction<WorkflowRef, String, Map<String, String>> secrets) {
        this.pods = pods;
        this.client = client;
        this.traces = traces;
        this.secrets = secrets;
    }

    @Override
    public Result run(WorkflowRef ref, String definitionJson, String inputJson) {
        return run(ref, definitionJson, inputJson, false);
    }

    @Override
    public Result run(WorkflowRef ref, String definitionJson, String inputJson, boolean withSecrets) {
        Map<String, String> values = withSecrets ? secrets.apply(ref, definitionJson) : Map.of();
        RunningPod pod = pods.ensureDebugPod(ref.user());
        String draftId = "draft-" + randomHex();
        String executionId = "draft-run-" + randomHex();
        pods.loadDebug(ref.user(), draftId, ref.workflow(), "draft", definitionJson, values);
        try {
            PodAnswer answer = client.runJson(pod.podEndpoint(), draftId, inputJson, executionId);
            String trace = traces.await(executionId, TRACE_WAIT).orElse(null);
            // As a failed dry run's answer: whatever the draft echoes of a secret is shown masked.
            return new Result(answer.status(), SecretRedaction.redact(new String(answer.body(), StandardCharsets.UTF_8),
                    values.values()), SecretRedaction.redact(trace, values.values()), pod.kind(), pod.pid());
        } finally {
            pods.unloadDebug(ref.user(), draftId);
        }
    }

    private static String randomHex() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
