package com.wfp.platform.rollout;

import com.wfp.platform.release.InputRules;
import com.wfp.workflow.error.DomainException;

import java.time.Duration;
import java.util.List;

/**
 * A progressive rollout: the candidate takes each step's share of traffic in turn, moving on
 * after {@code interval} while its guard holds, until it takes 100%.
 *
 * @param candidateVersion the version rolled out, by name or release id
 * @param steps            strictly increasing percentages from 1 to 100, ending at 100, such as [10, 50, 100]
 * @param interval         the least time spent at each step before the next
 * @param guard            the thresholds that roll everything back when crossed
 */
public record RolloutPlan(String candidateVersion, List<Integer> steps, Duration interval, RolloutGuard guard) {

    public RolloutPlan {
        InputRules.required("candidate version", candidateVersion);
        steps = List.copyOf(InputRules.required("steps", steps));
        InputRules.required("interval", interval);
        InputRules.required("guard", guard);
        int previous = 0;
        for (int step : steps) {
            if (step <= previous || step > 100) {
                throw invalidSteps(steps);
            }
            previous = step;
        }
        if (previous != 100) {
            throw invalidSteps(steps);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw DomainException.badRequest("rollout.invalid-plan", "The step interval is " + interval,
                    "Give a positive interval, such as 5 minutes.");
        }
    }

    private static DomainException invalidSteps(List<Integer> steps) {
        return DomainException.badRequest("rollout.invalid-plan", "The steps " + steps + " are not a rollout",
                "Give strictly increasing percentages from 1 to 100 that end at 100, such as [10, 50, 100].");
    }
}
