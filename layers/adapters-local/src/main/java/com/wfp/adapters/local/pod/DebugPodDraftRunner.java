package com.wfp.adapters.local.pod;

import com.wfp.adapters.pod.PodClient;
import com.wfp.platform.port.DraftRunner;
import com.wfp.platform.port.PodAnswer;
import com.wfp.platform.release.WorkflowRef;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Runs a draft once in the user's debug pod (never the production pod): loads it under a fresh
 * id, runs it with the given input, collects its trace from the pod's execution line, and
 * unloads it again.
 */
public final class DebugPodDraftRunner implements DraftRunner {

    private static final Duration TRACE_WAIT = Duration.ofSeconds(2);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LocalPodManager pods;
    private final PodClient client;
    private final ExecutionTraces traces;

    public DebugPodDraftRunner(LocalPodManager pods, PodClient client, ExecutionTraces traces) {
        this.pods = pods;
        this.client = client;
        this.traces = traces;
    }

    @Override
    public Result run(WorkflowRef ref, String definitionJson, String inputJson) {
        RunningPod pod = pods.ensureDebugPod(ref.user());
        String draftId = "draft-" + randomHex();
        String executionId = "draft-run-" + randomHex();
        pods.loadDebug(ref.user(), draftId, ref.workflow(), "draft", definitionJson);
        try {
            PodAnswer answer = client.runJson(pod.podEndpoint(), draftId, inputJson, executionId);
            String trace = traces.await(executionId, TRACE_WAIT).orElse(null);
            return new Result(answer.status(), new String(answer.body(), StandardCharsets.UTF_8), trace, pod.kind(),
                    pod.pid());
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
