package com.wfp.adapters.local.pod;

import java.util.List;
import java.util.Map;

/**
 * What {@link LocalPodManager#restoreAll()} brought back.
 *
 * @param restored the pods now running, with their releases loaded
 * @param failures users whose pod did not start, with the reason; the manager keeps retrying
 *                 them with backoff
 */
public record RestoreReport(List<RunningPod> restored, Map<String, String> failures) {

    public RestoreReport {
        restored = List.copyOf(restored);
        failures = Map.copyOf(failures);
    }
}
