package com.wfp.platform.alert;

import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;

import java.time.Duration;
import java.time.Instant;

/**
 * The alert rules of one workflow. Created with {@link #defaults} at the workflow's first publish
 * and editable afterwards. Error rate and p95 are judged per release over a sliding window of
 * {@value #MIN_WINDOW_SECONDS} s to {@value #MAX_WINDOW_SECONDS} s (the span the platform keeps
 * second by second), and only once a release had {@code minCalls} calls in it, so one failed call
 * of a quiet workflow does not page anyone.
 *
 * @param maxErrorRatePercent fire when a release's error rate is above this (0 to 100; 100 turns it off)
 * @param errorRateWindow     over this window
 * @param maxP95Ms            fire when a release's p95 is above this (0 turns it off)
 * @param p95Window           over this window
 * @param podDown             fire when the workflow's pod does not answer
 * @param noCallsWindow       fire when the workflow had no call for this long; zero turns it off
 * @param minCalls            the calls a window needs before its error rate and p95 count
 * @param updatedAt           when the rules were last set
 * @param updatedBy           who set them ({@code wfp} for the defaults)
 */
public record AlertRules(WorkflowRef ref, double maxErrorRatePercent, Duration errorRateWindow, long maxP95Ms,
                         Duration p95Window, boolean podDown, Duration noCallsWindow, long minCalls,
                         Instant updatedAt, String updatedBy) {

    public static final long MIN_WINDOW_SECONDS = 10;
    public static final long MAX_WINDOW_SECONDS = 600;
    public static final Duration MAX_NO_CALLS_WINDOW = Duration.ofDays(1);

    public AlertRules {
        InputRules.required("workflow", ref);
        InputRules.required("updated at", updatedAt);
        if (!(maxErrorRatePercent > 0 && maxErrorRatePercent <= 100)) {
            throw invalid("An error rate of " + maxErrorRatePercent + "% is out of range",
                    "Give the error rate in percent, above 0 and at most 100 (100 never fires).");
        }
        window("error-window", errorRateWindow);
        window("p95-window", p95Window);
        if (maxP95Ms < 0 || maxP95Ms > 600_000) {
            throw invalid("A p95 of " + maxP95Ms + " ms is out of range",
                    "Give the p95 in milliseconds, 1 to 600000, or 0 to turn the rule off.");
        }
        noCallsWindow = noCallsWindow == null ? Duration.ZERO : noCallsWindow;
        if (noCallsWindow.isNegative() || (!noCallsWindow.isZero() && (noCallsWindow.toMinutes() < 1
                || noCallsWindow.compareTo(MAX_NO_CALLS_WINDOW) > 0))) {
            throw invalid("A no-calls window of " + noCallsWindow + " is out of range",
                    "Give the no-calls window as 1m to 24h, or off.");
        }
        if (minCalls < 1 || minCalls > 1_000_000) {
            throw invalid("A minimum of " + minCalls + " calls is out of range", "Give min-calls as 1 to 1000000.");
        }
        updatedBy = updatedBy == null || updatedBy.isBlank() ? "wfp" : updatedBy;
    }

    /** 5% errors over 5 minutes, p95 over 2 s over 5 minutes, pod down; no-calls off; 10 calls at least. */
    public static AlertRules defaults(WorkflowRef ref, Instant at) {
        return new AlertRules(ref, 5, Duration.ofMinutes(5), 2000, Duration.ofMinutes(5), true, Duration.ZERO, 10,
                at, "wfp");
    }

    private static void window(String name, Duration window) {
        if (window == null || window.toSeconds() < MIN_WINDOW_SECONDS || window.toSeconds() > MAX_WINDOW_SECONDS) {
            throw invalid("A " + name + " of " + window + " is out of range",
                    "Give " + name + " as " + MIN_WINDOW_SECONDS + "s to " + MAX_WINDOW_SECONDS / 60 + "m, such as 5m.");
        }
    }

    private static DomainException invalid(String message, String hint) {
        return DomainException.badRequest("alert.invalid-rules", message, hint);
    }
}
