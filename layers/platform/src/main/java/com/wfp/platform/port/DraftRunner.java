package com.wfp.platform.port;

import com.wfp.platform.release.WorkflowRef;

/**
 * Runs a workflow definition once, in the user's debug pod and never in the production pod, so
 * that the designer can try a draft before publishing it. Nothing is stored or routed.
 */
@FunctionalInterface
public interface DraftRunner {

    /**
     * What one draft run answered.
     *
     * @param status    the HTTP status the workflow answered with
     * @param body      the response body as the pod sent it
     * @param traceJson the execution trace as JSON text, or null when the pod did not report one in time
     * @param podKind   which pod ran it ({@code debug})
     * @param podPid    that pod's process id, or -1 when unknown
     */
    record Result(int status, String body, String traceJson, String podKind, long podPid) {
    }

    /** Runs {@code definitionJson} once with {@code inputJson} as the trigger's input, with no secret. */
    Result run(WorkflowRef ref, String definitionJson, String inputJson);

    /**
     * Runs it with the project's values of the credentials it declares, as a release of it would
     * get them, when {@code withSecrets}; every value handed over is masked in what comes back. A
     * runner that cannot hand secrets over runs it without.
     */
    default Result run(WorkflowRef ref, String definitionJson, String inputJson, boolean withSecrets) {
        return run(ref, definitionJson, inputJson);
    }
}
