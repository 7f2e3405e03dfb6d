package com.wfp.workflow.validation;

import com.wfp.workflow.model.Node;
import com.wfp.workflow.model.Workflow;

import java.util.ArrayList;
import java.util.List;

/** Stand-in until the layers/workflow validator lands; replaced by it on merge. */
public final class WorkflowValidator {

    public ValidationReport validate(Workflow workflow) {
        return validate(workflow, ValidationOptions.DEFAULT);
    }

    public ValidationReport validate(Workflow workflow, ValidationOptions options) {
        List<Finding> findings = new ArrayList<>();
        long triggers = workflow.nodes().stream().map(Node::type).filter("trigger.http"::equals).count();
        if (triggers != 1) {
            findings.add(new Finding("graph.trigger-count", Severity.ERROR, null, "$.nodes",
                    "The workflow has " + triggers + " triggers; it needs exactly one",
                    "Keep exactly one trigger.http node."));
        }
        return ValidationReport.of(findings);
    }
}
