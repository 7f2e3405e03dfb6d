package com.wfp.pod;

import com.wfp.workflow.engine.ExecutableWorkflow;
import com.wfp.workflow.engine.SecretProvider;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

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
 * @param secrets    the values of its declared credentials the platform handed over with the last load;
 *                   a later load of the same release replaces them
 */
public record LoadedRelease(String releaseId, String workflowId, String version, String sha256, Instant loadedAt,
                            ExecutableWorkflow executable, LongAdder executions,
                            AtomicReference<Map<String, String>> secrets) {

    /** Where {@code $secret} of this release reads first. */
    public SecretProvider secretProvider() {
        return name -> Optional.ofNullable(secrets.get().get(name));
    }

    @Override
    public String toString() {
        return "LoadedRelease[" + releaseId + " " + workflowId + " " + version + "]";
    }
}
