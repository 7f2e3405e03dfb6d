package com.wfp.adapters.aws.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.adapters.pod.LoadRequest;
import com.wfp.adapters.pod.PodClient;
import com.wfp.platform.port.DraftRunner;
import com.wfp.platform.port.PodAnswer;
import com.wfp.platform.port.PodEndpoint;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.platform.secrets.SecretRedaction;
import com.wfp.workflow.error.DomainException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Draft runs on AWS: the draft is loaded into the workflow's user's own pod on ECS under a fresh
 * random id that no routing names (so no production URL can reach it), run once with the given
 * input through the pod protocol, and unloaded again, as the local platform's debug pod runner
 * does. There is no separate debug task on AWS: a Fargate task per user for drafts would cost as
 * much as the production one and take a minute to start, so the draft shares the user's pod (and
 * its limits) with the user's releases, and never another user's; runs in one user's pod go one at
 * a time ({@link DynamoDbDraftRunLeases}), so drafts take at most one of the execution slots that
 * serve the user's production calls, and a second run meanwhile answers 503 {@code draft.busy}.
 * When the pod is not running it
 * is started and the run answers 503 {@code draft.pod-starting} at once: API Gateway gives a call
 * 29 s, and a task takes longer. Asked to, the draft gets the project's values of the credentials
 * it declares, in the load request only, masked in what comes back. The pod's execution line goes
 * to the pods' log group, so no trace comes back.
 */
public final class EcsPodDraftRunner implements DraftRunner {

    /** Which pod ran a draft on AWS: the user's production pod. */
    public static final String POD_KIND = "production";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EcsPodManager pods;
    private final PodClient client;
    private final DynamoDbDraftRunLeases leases;
    private final BiFunction<WorkflowRef, String, Map<String, String>> secrets;

    /**
     * @param secrets the values a draft of a workflow gets for the credentials its definition
     *                declares, from the workflow's own project (as a release of it would get them)
     */
    public EcsPodDraftRunner(EcsPodManager pods, PodClient client, DynamoDbDraftRunLeases leases,
                             BiFunction<WorkflowRef, String, Map<String, String>> secrets) {
        this.pods = pods;
        this.client = client;
        this.leases = leases;
        this.secrets = secrets;
    }

    @Override
    public Result run(WorkflowRef ref, String definitionJson, String inputJson) {
        return run(ref, definitionJson, inputJson, false);
    }

    @Override
    public Result run(WorkflowRef ref, String definitionJson, String inputJson, boolean withSecrets) {
        JsonNode definition;
        try {
            definition = JSON.readTree(definitionJson);
        } catch (IOException e) {
            throw DomainException.badRequest("draft.not-an-object", "The draft is not a JSON document",
                    "Send the workflow document as the designer exports it.");
        }
        PodEndpoint pod = pods.readyOrStarted(ref.user()).orElseThrow(() -> DomainException.unavailable(
                "draft.pod-starting", "The pod of user " + ref.user() + " is starting on ECS; draft runs need it running",
                "Run the draft again in a minute: a Fargate task takes about that long to start.", null));
        try (DynamoDbDraftRunLeases.Lease ignored = leases.acquire(ref.user()).orElseThrow(() -> DomainException.unavailable(
                "draft.busy", "Another draft run is in progress in the pod of user " + ref.user(),
                "Run it again once that run has answered: draft runs share the user's pod on AWS, so they go one at a time.",
                null))) {
            Map<String, String> values = withSecrets ? secrets.apply(ref, definitionJson) : Map.of();
            String draftId = "draft-" + randomHex();
            String podName = EcsPodManager.podName(ref.user());
            client.load(pod, podName, draftId, new LoadRequest(ref.workflow(), "draft", definition, values));
            try {
                PodAnswer answer = client.runJson(pod, draftId, inputJson, "draft-run-" + randomHex());
                return new Result(answer.status(), SecretRedaction.redact(new String(answer.body(), StandardCharsets.UTF_8),
                        values.values()), null, POD_KIND, -1);
            } finally {
                client.unload(pod, podName, draftId);
            }
        }
    }

    private static String randomHex() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
