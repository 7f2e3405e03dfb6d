package com.wfp.handlers.publishing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.workflow.validation.ValidationOptions;
import com.wfp.workflow.validation.ValidationReport;

/**
 * {@code POST /api/v1/validate}: the body is a workflow document; the answer is its validation
 * report, 200 when publishable (warnings allowed), 422 when it has errors, 400 or 413 when the
 * document cannot be read. {@code ?probe=true} adds the live connectivity probe.
 */
public final class ValidateHandler extends ApiHandler {

    private final WorkflowCheck check;

    public ValidateHandler() {
        this(new WorkflowCheck());
    }

    ValidateHandler(WorkflowCheck check) {
        this.check = check;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        ValidationReport report = check.check(request.body(), new ValidationOptions(request.flag("probe")));
        return ApiResponses.json(report.valid() ? 200 : 422, ReportJson.report(report), request.requestId());
    }
}
