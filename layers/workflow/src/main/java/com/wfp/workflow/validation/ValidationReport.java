package com.wfp.workflow.validation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The outcome of validating one workflow. {@code valid} is true when no finding is an error
 * (warnings allowed). Findings are in a deterministic order: by class, then document position.
 */
@JsonPropertyOrder({"valid", "findings", "publishability"})
public record ValidationReport(boolean valid, List<Finding> findings) {

    public ValidationReport {
        findings = List.copyOf(findings);
    }

    public static ValidationReport of(List<Finding> findings) {
        return new ValidationReport(findings.stream().noneMatch(Finding::isError), findings);
    }

    @JsonIgnore
    public List<Finding> errors() {
        return findings.stream().filter(Finding::isError).toList();
    }

    @JsonIgnore
    public List<Finding> warnings() {
        return findings.stream().filter(f -> !f.isError()).toList();
    }

    /** Whether Publish may be enabled, with the reasons when not. */
    public Publishability publishability() {
        List<String> reasons = errors().stream()
                .map(f -> (f.nodeId() == null ? "" : "Node '" + f.nodeId() + "': ") + f.message())
                .toList();
        return new Publishability(reasons.isEmpty(), reasons);
    }
}
