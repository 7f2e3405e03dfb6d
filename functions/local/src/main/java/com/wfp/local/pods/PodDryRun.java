package com.wfp.local.pods;

import com.wfp.platform.port.DryRun;
import com.wfp.platform.port.PodEndpoint;
import com.wfp.platform.release.ReleaseId;

import java.net.http.HttpResponse;
import java.util.Map;

/** The publish health check's dry run: the trigger's example sent to the pod's {@code POST /run/{releaseId}}. */
public final class PodDryRun implements DryRun {

    private final PodCalls calls;

    public PodDryRun(PodCalls calls) {
        this.calls = calls;
    }

    @Override
    public Result run(PodEndpoint pod, ReleaseId releaseId, String exampleInputJson) {
        HttpResponse<String> response = calls.run(pod.baseUrl(), pod.token(), releaseId.value(), exampleInputJson,
                Map.of());
        return new Result(response.statusCode(), response.body());
    }
}
