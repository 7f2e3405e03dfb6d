package com.wfp.platform.alert;

import com.wfp.platform.release.WorkflowRef;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How a workflow is doing now, in one word with the reason: {@code failing} while an error-rate
 * or pod-down alert fires, {@code degraded} while a p95 or no-calls alert fires, {@code idle}
 * without a call in the window, {@code healthy} otherwise.
 *
 * @param window the span the figures cover
 * @param firing the alerts firing now
 */
public record WorkflowHealth(WorkflowRef ref, State state, String reason, Duration window, long calls, long errors,
                             double p95Ms, List<Alert> firing) {

    public enum State {
        HEALTHY, DEGRADED, FAILING, IDLE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public WorkflowHealth {
        firing = List.copyOf(firing);
    }

    public double errorRate() {
        return calls == 0 ? 0 : (double) errors / calls;
    }
}
