package com.wfp.platform.telemetry;

import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.engine.ExecutionStatus;
import com.wfp.workflow.error.DomainException;

import java.time.Instant;

/**
 * Which executions of a workflow to list, newest first.
 *
 * @param status  only executions that ended so, or null for all
 * @param version only this release's version name, or null
 * @param since   only executions started at or after, or null
 * @param text    full-text search over the failure's code, node, message, stack trace and
 *                masked input (every word must appear), or null
 * @param limit   at most this many, 1 to {@value #MAX_LIMIT}
 */
public record ExecutionQuery(WorkflowRef ref, ExecutionStatus status, String version, Instant since, String text,
                             int limit) {

    public static final int MAX_LIMIT = 1000;
    public static final int MAX_TEXT = 200;

    public ExecutionQuery {
        InputRules.required("workflow", ref);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw DomainException.badRequest("telemetry.invalid-limit", "A limit of " + limit + " is out of range",
                    "Ask for 1 to " + MAX_LIMIT + " executions.");
        }
        if (text != null && text.isBlank()) {
            text = null;
        }
        if (text != null && text.length() > MAX_TEXT) {
            throw DomainException.badRequest("telemetry.search-too-long",
                    "The search text is " + text.length() + " characters long",
                    "Search for at most " + MAX_TEXT + " characters: a few words of the message.");
        }
        if (version != null && version.isBlank()) {
            version = null;
        }
    }
}
