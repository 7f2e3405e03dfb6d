package com.wfp.handlers.publishing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ControlServices;
import com.wfp.platform.release.ReleaseDiff;
import com.wfp.platform.release.ReleaseQueries;
import com.wfp.platform.release.WorkflowRef;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/diff?from=V1&to=V2}: the node-level
 * difference between two versions, or without {@code to} from {@code V1} to the saved draft (the
 * answer's {@code to} is then null); 404 naming an unknown version or a missing draft.
 */
public final class DiffHandler extends ApiHandler {

    private final ReleaseQueries releases;

    public DiffHandler(ControlServices services) {
        this.releases = services.releases();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        WorkflowRef ref = request.workflowRef();
        String from = request.query("from");
        String to = request.query("to");
        ReleaseDiff diff = to == null ? releases.diffToDraft(ref, from) : releases.diff(ref, from, to);
        return ApiResponses.json(200, PublishingJson.diff(ref, from, to, diff), request.requestId());
    }
}
