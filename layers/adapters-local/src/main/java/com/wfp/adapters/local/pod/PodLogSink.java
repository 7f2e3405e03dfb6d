package com.wfp.adapters.local.pod;

/**
 * Receives the pods' log lines: every stdout line a pod writes after its ready line, one JSON
 * object per line (CloudWatch Embedded Metric Format, one per execution and per error).
 * Called from the pod's reader thread, one line at a time per pod; implementations must be
 * thread-safe across pods and should not block for long (the pod blocks when its pipe fills).
 */
@FunctionalInterface
public interface PodLogSink {

    void accept(String user, String podKind, String jsonLine);
}
