package com.wfp.handlers.publishing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ProductionUrls;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ControlServices;
import com.wfp.platform.release.ReleaseQueries;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/releases}: the draft (flagged with
 * {@code differsFromLive}), every release newest first with its state and traffic, the suggested
 * next version and the production URL; 404 for a workflow never saved nor published.
 */
public final class ReleasesHandler extends ApiHandler {

    private final ReleaseQueries releases;
    private final ProductionUrls urls;

    public ReleasesHandler(ControlServices services) {
        this.releases = services.releases();
        this.urls = services.urls();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        return ApiResponses.json(200, PublishingJson.listing(releases.listing(request.workflowRef()), urls),
                request.requestId());
    }
}
