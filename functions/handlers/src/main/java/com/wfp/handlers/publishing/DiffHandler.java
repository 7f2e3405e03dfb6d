package com.wfp.handlers.publishing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ControlServices;
import com.wfp.platform.release.ReleaseQueries;
import com.wfp.platform.release.WorkflowRef;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/diff?from=V1&to=V2}: the node-level
 * difference between two versions; 404 naming an unknown version.
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
        return ApiResponses.json(200, PublishingJson.diff(ref, from, to, releases.diff(ref, from, to)),
                request.requestId());
    }
}
