package com.wfp.adapters.local.pod;

import com.wfp.workflow.error.DomainException;

/**
 * 503 {@code pod.start-failed}: the pod's process ended before it reported ready, quoting its last output.
 * The supervisor tells it apart by type: when the pod was asked for its previous port, which may have been
 * taken meanwhile, it launches once more on any free port.
 */
final class PodExitedBeforeReadyException extends DomainException {

    PodExitedBeforeReadyException(PodKey key, String lastOutput, Throwable cause) {
        super("pod.start-failed", 503,
                "The " + key + " exited before it was ready (" + cause.getMessage() + "). Last output:\n" + lastOutput,
                "Fix the cause shown in the output (class path, main class, JVM options), then try again.", cause);
    }
}
