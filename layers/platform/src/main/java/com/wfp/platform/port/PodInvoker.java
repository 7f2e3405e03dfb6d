package com.wfp.platform.port;

/**
 * Sends production calls to the release a user's pod holds ({@code POST /run/{releaseId}}):
 * over HTTP to a child process locally, to the user's Fargate service on AWS. The pod's answer
 * comes back whatever its status; only a call the pod never answered is a failure.
 */
@FunctionalInterface
public interface PodInvoker {

    /**
     * @throws com.wfp.workflow.error.DomainException 503 {@code pod.unreachable} when the pod gave
     *         no answer (refused, timed out), with a hint to retry
     */
    PodAnswer invoke(PodCall call);
}
