package com.wfp.platform.routing;

import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.ReleaseId;
import com.wfp.workflow.error.DomainException;

import java.util.List;

/**
 * Why a workflow stopped serving: a retired workflow's production URLs, routed and pinned, answer
 * 410 Gone with this reason until a publish (or a rollback or promote) routes it again. Its
 * releases stay as they were.
 *
 * @param reason     what callers are told, as the owner gave it (or a default)
 * @param lastServed the releases that took traffic when it was retired: whose trigger rules
 *                   still decide who may learn that it is gone
 */
public record Retirement(String reason, List<ReleaseId> lastServed) {

    /** Longest reason accepted: it is sent to every caller. */
    public static final int MAX_REASON_LENGTH = 500;

    /** The reason given when the owner gives none. */
    public static final String DEFAULT_REASON = "it was retired by its owner";

    public Retirement {
        reason = reason == null || reason.isBlank() ? DEFAULT_REASON : reason.strip();
        if (reason.length() > MAX_REASON_LENGTH) {
            throw DomainException.badRequest("routing.retire-reason-too-long",
                    "The reason is " + reason.length() + " characters long; the limit is " + MAX_REASON_LENGTH,
                    "Give a shorter reason: it is what every caller of the production URL reads.");
        }
        lastServed = List.copyOf(InputRules.required("last served releases", lastServed));
    }
}
