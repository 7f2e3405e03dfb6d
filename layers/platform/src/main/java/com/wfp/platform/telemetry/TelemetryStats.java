package com.wfp.platform.telemetry;

/**
 * How the telemetry writer is doing since the platform started.
 *
 * @param accepted      items taken into the buffer (executions, callers, forwarded calls)
 * @param written       items the store took
 * @param droppedFull   items refused because the buffer was full
 * @param droppedFailed items lost because the store failed to take their batch
 * @param queued        items waiting in the buffer now
 * @param capacity      the buffer's bound
 */
public record TelemetryStats(long accepted, long written, long droppedFull, long droppedFailed, int queued,
                             int capacity) {

    /** Everything lost, for whatever reason. */
    public long dropped() {
        return droppedFull + droppedFailed;
    }
}
