package com.wfp.handlers.publishing;

import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.model.Workflow;
import com.wfp.workflow.model.WorkflowParser;
import com.wfp.workflow.validation.ValidationOptions;
import com.wfp.workflow.validation.ValidationReport;
import com.wfp.workflow.validation.WorkflowValidator;

/**
 * Reads a workflow document and validates it: the one domain call behind {@code validate} and
 * {@code publishability}, shared by the Lambda handlers and the CLI so they judge alike.
 */
public final class WorkflowCheck {

    private final WorkflowParser parser;
    private final WorkflowValidator validator;

    public WorkflowCheck() {
        this(new WorkflowParser(), new WorkflowValidator());
    }

    public WorkflowCheck(WorkflowParser parser, WorkflowValidator validator) {
        this.parser = parser;
        this.validator = validator;
    }

    /**
     * @throws com.wfp.workflow.model.WorkflowParseException when the document cannot be read
     * @throws DomainException {@code request.empty-body} when there is no document at all
     */
    public ValidationReport check(byte[] document, ValidationOptions options) {
        if (document.length == 0) {
            throw DomainException.badRequest("request.empty-body", "The workflow document is empty",
                    "Send the workflow JSON document, such as {\"format\": 1, \"id\": \"my-flow\", \"nodes\": [...]}.");
        }
        Workflow workflow = parser.parse(document);
        return validator.validate(workflow, options);
    }
}
