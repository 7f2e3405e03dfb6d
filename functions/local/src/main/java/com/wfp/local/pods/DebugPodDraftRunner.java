package com.wfp.local.pods;

import com.wfp.adapters.local.pod.LocalPodManager;
import com.wfp.adapters.local.pod.RunningPod;
import com.wfp.platform.port.DraftRunner;
import com.wfp.platform.release.WorkflowRef;

import java.net.URI;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * Runs a draft once in the user's debug pod (never the production pod): loads it under a fresh
 * id, runs it with the given input, collects its trace from the pod's execution line, and
 * unloads it again.
 */
public final class DebugPodDraftRunner implements DraftRunner {

    private static final Duration TRACE_WAIT = Duration.ofSeconds(2);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LocalPodManager pods;
    private final PodCalls calls;
    private final ExecutionTraces traces;

    public DebugPodDraftRunner(LocalPodManager pods, PodCalls calls, ExecutionTraces traces) {
        this.pods = pods;
        this.calls = calls;
        this.traces = traces;
    }

    @Override
    public Result run(WorkflowRef ref, String definitionJson, String inputJson) {
        RunningPod pod = pods.ensureDebugPod(ref.user());
        String draftId = "draft-" + randomHex();
        String executionId = "draft-run-" + randomHex();
        pods.loadDebug(ref.user(), draftId, ref.workflow(), "draft", definitionJson);
        try {
            HttpResponse<String> response = calls.run(URI.create(pod.baseUrl()), pod.token(), draftId, inputJson,
                    Map.of("X-Execution-Id", executionId));
            String trace = traces.await(executionId, TRACE_WAIT).orElse(null);
            return new Result(response.statusCode(), response.body(), trace, pod.kind(), pod.pid());
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
