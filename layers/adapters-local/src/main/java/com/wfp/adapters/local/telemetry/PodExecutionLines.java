package com.wfp.adapters.local.telemetry;

import com.wfp.adapters.local.pod.PodLogSink;
import com.wfp.adapters.pod.PodExecutionLine;
import com.wfp.platform.telemetry.ExecutionRecord;
import com.wfp.platform.telemetry.ReleaseNames;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Turns the execution lines the production pods write on stdout into {@link ExecutionRecord}s
 * ({@link PodExecutionLine}): the local platform's feed of execution telemetry (on AWS the same
 * lines reach CloudWatch Logs and a function forwards them). Lines of debug pods (draft runs),
 * lines that are not executions and lines of releases the catalogue does not know are skipped; a
 * line that cannot be read is counted, never thrown.
 */
public final class PodExecutionLines implements PodLogSink {

    private static final String PRODUCTION_KIND = "production";

    private final ReleaseNames names;
    private final Consumer<ExecutionRecord> executions;
    private final LongAdder unreadable = new LongAdder();

    /**
     * @param executions takes each record; must not block (the pod's output waits on this thread)
     */
    public PodExecutionLines(ReleaseNames names, Consumer<ExecutionRecord> executions) {
        this.names = names;
        this.executions = executions;
    }

    @Override
    public void accept(String user, String podKind, String jsonLine) {
        if (!PRODUCTION_KIND.equals(podKind)) {
            return;
        }
        try {
            PodExecutionLine.read(user, jsonLine, names).ifPresent(executions);
        } catch (RuntimeException e) {
            unreadable.increment();
        }
    }

    /** Lines that looked like executions but could not be read. */
    public long unreadable() {
        return unreadable.sum();
    }
}
