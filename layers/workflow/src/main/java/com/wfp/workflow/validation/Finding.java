package com.wfp.workflow.validation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One validation finding.
 *
 * @param code     {@code graph.*}, {@code config.*} or {@code security.*}; stable, clients switch on it
 * @param severity error (blocks publishing) or warning
 * @param nodeId   the node it concerns, or null for workflow-level findings
 * @param path     JSON path of the offending value ({@code $.nodes[2].config.url}), or null
 * @param message  what is wrong, in plain words
 * @param hint     how to fix it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(String code, Severity severity, String nodeId, String path, String message, String hint) {

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
