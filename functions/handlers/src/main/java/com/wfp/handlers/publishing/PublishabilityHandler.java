package com.wfp.handlers.publishing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.validation.ValidationOptions;

/**
 * {@code POST /api/v1/publishability}: the state of the designer's Publish button for a workflow
 * document. Always 200 once the question is answered, including "disabled" for a document that
 * cannot be read (the read error is the reason).
 */
public final class PublishabilityHandler extends ApiHandler {

    private final WorkflowCheck check;

    public PublishabilityHandler() {
        this(new WorkflowCheck());
    }

    PublishabilityHandler(WorkflowCheck check) {
        this.check = check;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        byte[] document = request.body();
        try {
            return ApiResponses.json(200,
                    ReportJson.publishability(check.check(document, ValidationOptions.DEFAULT)), request.requestId());
        } catch (DomainException unreadable) {
            return ApiResponses.json(200, ReportJson.publishability(unreadable), request.requestId());
        }
    }
}
