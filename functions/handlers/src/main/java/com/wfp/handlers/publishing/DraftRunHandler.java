package com.wfp.handlers.publishing;

import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ControlServices;
import com.wfp.platform.identity.Permission;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.platform.release.DraftService;

/**
 * {@code POST /api/v1/workflows/{user}/{project}/{workflow}/draft/run}: body
 * {@code {"definition": {...}?, "input": {...}}}; runs the definition (the saved draft when
 * absent) once in the user's debug pod and answers {@code {status, body, trace, pod}}. A caller who
 * may publish on the project (maintainer, owner, the admin) runs it with the project's values of
 * the credentials it declares, masked in the answer; a developer's run gets none.
 */
public final class DraftRunHandler extends ApiHandler {

    private final DraftService drafts;

    public DraftRunHandler(ControlServices services) {
        this.drafts = services.drafts();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        JsonNode body = request.jsonObjectBody();
        JsonNode definition = body.get("definition");
        JsonNode input = body.get("input");
        // Secrets go to whoever may publish: a release of the same definition would read them anyway.
        boolean withSecrets = request.role().map(role -> role.allows(Permission.PUBLISH)).orElse(false);
        var result = drafts.run(request.workflowRef(),
                definition == null || definition.isNull() ? null : definition.toString(),
                input == null ? null : input.toString(), withSecrets);
        return ApiResponses.json(200, PublishingJson.draftRun(result), request.requestId());
    }
}
