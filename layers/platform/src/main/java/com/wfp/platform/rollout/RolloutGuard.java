package com.wfp.platform.rollout;

import com.wfp.platform.release.InputRules;
import com.wfp.workflow.error.DomainException;

import java.time.Duration;

/**
 * The thresholds a rollout's candidate must stay within, judged over a sliding window.
 *
 * @param maxErrorRate highest share of failed executions tolerated, 0 to 1
 * @param maxP95Ms     highest 95th percentile duration tolerated, in milliseconds
 * @param minRequests  fewest executions in the window for a judgement; below it the rollout pauses
 * @param window       how far back each judgement looks
 */
public record RolloutGuard(double maxErrorRate, double maxP95Ms, long minRequests, Duration window) {

    public RolloutGuard {
        InputRules.required("window", window);
        if (!(maxErrorRate >= 0 && maxErrorRate <= 1)) {
            throw DomainException.badRequest("rollout.invalid-guard", "The maximum error rate is " + maxErrorRate
                    + "; it is a share from 0 to 1", "Give it as a fraction, such as 0.05 for 5%.");
        }
        if (!(maxP95Ms > 0)) {
            throw DomainException.badRequest("rollout.invalid-guard", "The maximum p95 is " + maxP95Ms + " ms",
                    "Give a positive number of milliseconds, such as 800.");
        }
        if (minRequests < 1) {
            throw DomainException.badRequest("rollout.invalid-guard", "The minimum of requests is " + minRequests,
                    "Ask for at least 1 request per window; 100 or more gives a meaningful error rate.");
        }
        if (window.isNegative() || window.isZero()) {
            throw DomainException.badRequest("rollout.invalid-guard", "The window is " + window,
                    "Give a positive window, such as 60 seconds.");
        }
    }
}
