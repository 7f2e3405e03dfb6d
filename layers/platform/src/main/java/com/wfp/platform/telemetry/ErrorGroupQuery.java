package com.wfp.platform.telemetry;

import com.wfp.platform.release.InputRules;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;

import java.time.Instant;

/**
 * Which error groups of a workflow to list, the most recently seen first.
 *
 * @param since   only groups seen at or after, or null for all
 * @param version only groups that happened in this release (its version name), or null
 * @param nodeId  only groups of this node, or null
 * @param code    only groups of this error code, or null
 * @param text    full-text search: only groups with a recorded failure (within the executions'
 *                retention) whose code, node, message, stack trace or masked input hold every word
 * @param limit   at most this many, 1 to {@value #MAX_LIMIT}
 */
public record ErrorGroupQuery(WorkflowRef ref, Instant since, String version, String nodeId, String code, String text,
                              int limit) {

    public static final int MAX_LIMIT = 500;

    public ErrorGroupQuery {
        InputRules.required("workflow", ref);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw DomainException.badRequest("telemetry.invalid-limit", "A limit of " + limit + " is out of range",
                    "Ask for 1 to " + MAX_LIMIT + " error groups.");
        }
        version = blankToNull(version);
        nodeId = blankToNull(nodeId);
        code = blankToNull(code);
        text = blankToNull(text);
        if (text != null && text.length() > ExecutionQuery.MAX_TEXT) {
            throw DomainException.badRequest("telemetry.search-too-long",
                    "The search text is " + text.length() + " characters long",
                    "Search for at most " + ExecutionQuery.MAX_TEXT + " characters: a few words of the message.");
        }
    }

    /** Whether a group passes the filters other than the text (which needs the failures themselves). */
    public boolean admits(ErrorGroup group) {
        return (since == null || !group.lastSeen().isBefore(since))
                && (nodeId == null || nodeId.equals(group.nodeId()))
                && (code == null || code.equals(group.code()))
                && (version == null || group.releases().stream().anyMatch(r -> r.version().equals(version)));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
