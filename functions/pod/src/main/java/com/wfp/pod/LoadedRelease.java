package com.wfp.pod;

import com.wfp.workflow.engine.ExecutableWorkflow;

import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * A release held in the pod's memory, ready to run.
 *
 * @param releaseId  the release
 * @param workflowId its workflow
 * @param version    its version name
 * @param sha256     fingerprint of its canonical definition
 * @param loadedAt   when this pod loaded it
 * @param executable the prepared workflow
 * @param executions how many executions it has started on this pod
 */
public record LoadedRelease(String releaseId, String workflowId, String version, String sha256, Instant loadedAt,
                            ExecutableWorkflow executable, LongAdder executions) {
}
