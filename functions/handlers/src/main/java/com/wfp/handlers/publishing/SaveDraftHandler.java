package com.wfp.handlers.publishing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ControlServices;
import com.wfp.platform.release.DraftService;

import java.nio.charset.StandardCharsets;

/**
 * {@code PUT /api/v1/workflows/{user}/{project}/{workflow}/draft}: the body is the workflow
 * document; 200 {@code {sha256, savedAt, differsFromLive}}.
 */
public final class SaveDraftHandler extends ApiHandler {

    private final DraftService drafts;

    public SaveDraftHandler(ControlServices services) {
        this.drafts = services.drafts();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        DraftService.Saved saved = drafts.save(request.workflowRef(),
                new String(request.body(), StandardCharsets.UTF_8), request.actor(request.workflowRef().user()));
        return ApiResponses.json(200, PublishingJson.draft(saved, false), request.requestId());
    }
}
