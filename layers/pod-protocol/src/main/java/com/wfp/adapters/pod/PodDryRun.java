package com.wfp.adapters.pod;

import com.wfp.platform.port.DryRun;
import com.wfp.platform.port.PodAnswer;
import com.wfp.platform.port.PodEndpoint;
import com.wfp.platform.release.ReleaseId;

import com.wfp.platform.secrets.ReleaseSecrets;
import com.wfp.platform.secrets.SecretRedaction;

import java.nio.charset.StandardCharsets;

/**
 * The publish health check's dry run: the trigger's example sent to the pod's {@code POST /run/{releaseId}}.
 * The answer is kept with the deployment and shown by the CLI when the run fails, so the release's
 * secrets are masked in it first.
 */
public final class PodDryRun implements DryRun {

    private final PodClient client;
    private final ReleaseSecrets secrets;

    public PodDryRun(PodClient client) {
        this(client, ReleaseSecrets.NONE);
    }

    public PodDryRun(PodClient client, ReleaseSecrets secrets) {
        this.client = client;
        this.secrets = secrets;
    }

    @Override
    public Result run(PodEndpoint pod, ReleaseId releaseId, String exampleInputJson) {
        PodAnswer answer = client.runJson(pod, releaseId.value(), exampleInputJson, null);
        String body = new String(answer.body(), StandardCharsets.UTF_8);
        return new Result(answer.status(), SecretRedaction.redact(body, secrets.forRelease(releaseId.value()).values()));
    }
}
