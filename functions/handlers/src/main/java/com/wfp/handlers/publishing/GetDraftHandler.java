package com.wfp.handlers.publishing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ControlServices;
import com.wfp.platform.release.DraftService;

/** {@code GET /api/v1/workflows/{user}/{project}/{workflow}/draft}: the saved draft with its definition; 404 without one. */
public final class GetDraftHandler extends ApiHandler {

    private final DraftService drafts;

    public GetDraftHandler(ControlServices services) {
        this.drafts = services.drafts();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        return ApiResponses.json(200, PublishingJson.draft(drafts.get(request.workflowRef()), true), request.requestId());
    }
}
