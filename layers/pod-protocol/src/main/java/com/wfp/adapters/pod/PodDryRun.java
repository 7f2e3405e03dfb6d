package com.wfp.adapters.pod;

import com.wfp.platform.port.DryRun;
import com.wfp.platform.port.PodAnswer;
import com.wfp.platform.port.PodEndpoint;
import com.wfp.platform.release.ReleaseId;

import java.nio.charset.StandardCharsets;

/** The publish health check's dry run: the trigger's example sent to the pod's {@code POST /run/{releaseId}}. */
public final class PodDryRun implements DryRun {

    private final PodClient client;

    public PodDryRun(PodClient client) {
        this.client = client;
    }

    @Override
    public Result run(PodEndpoint pod, ReleaseId releaseId, String exampleInputJson) {
        PodAnswer answer = client.runJson(pod, releaseId.value(), exampleInputJson, null);
        return new Result(answer.status(), new String(answer.body(), StandardCharsets.UTF_8));
    }
}
