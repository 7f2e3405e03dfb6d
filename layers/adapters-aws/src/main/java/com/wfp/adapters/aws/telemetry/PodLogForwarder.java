package com.wfp.adapters.aws.telemetry;

import com.wfp.adapters.aws.pod.EcsPodSettings;
import com.wfp.adapters.pod.PodExecutionLine;
import com.wfp.platform.port.TelemetryStore;
import com.wfp.platform.telemetry.ExecutionRecord;
import com.wfp.platform.telemetry.ReleaseNames;
import com.wfp.platform.telemetry.TelemetryBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Production telemetry on AWS from the pods' own output: the pods' log group (the awslogs driver)
 * has a subscription filter selecting the execution lines ({@link #FILTER_PATTERN}), and each batch
 * it delivers is read here with the local platform's reader ({@link PodExecutionLine}) and stored
 * in the telemetry store, in the one shape its reads know. The pod's user is taken from the log
 * stream's name, which the task definition sets; a line naming a release of another user is
 * dropped, as locally. The pod masked inputs and secrets before writing the line; nothing is
 * added here but the workflow and version names.
 */
public final class PodLogForwarder {

    /** The subscription filter's pattern: the pods' execution lines, nothing else they log. */
    public static final String FILTER_PATTERN = "{ $.event = \"execution\" }";

    private final TelemetryStore store;
    private final ReleaseNames names;

    public PodLogForwarder(TelemetryStore store, ReleaseNames names) {
        this.store = store;
        this.names = names;
    }

    /**
     * What one batch gave.
     *
     * @param executions execution lines stored
     * @param skipped    events that were no execution line of the stream's user (other lines, other users' releases)
     * @param unreadable events that looked like execution lines but could not be read
     */
    public record Forwarded(int executions, int skipped, int unreadable) {
    }

    /**
     * Stores the batch's executions. A failing store throws ({@code store.unavailable}), so the
     * delivery is retried; a line stored twice reads as one execution.
     */
    public Forwarded forward(LogSubscriptionBatch batch) {
        if (!batch.carriesEvents()) {
            return new Forwarded(0, 0, 0);
        }
        String user = EcsPodSettings.userOfLogStream(batch.logStream());
        if (user == null) {
            return new Forwarded(0, batch.events().size(), 0);
        }
        List<ExecutionRecord> records = new ArrayList<>();
        int skipped = 0;
        int unreadable = 0;
        for (LogSubscriptionBatch.Event event : batch.events()) {
            try {
                Optional<ExecutionRecord> record = PodExecutionLine.read(user, event.message(), names);
                if (record.isPresent()) {
                    records.add(record.get());
                } else {
                    skipped++;
                }
            } catch (IllegalArgumentException e) {
                unreadable++;
            }
        }
        if (!records.isEmpty()) {
            store.ingest(new TelemetryBatch(records, List.of(), List.of()));
        }
        return new Forwarded(records.size(), skipped, unreadable);
    }
}
