package com.wfp.handlers.docs;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ProductionUrls;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ControlServices;
import com.wfp.platform.docs.ApiDocumentQueries;

/**
 * {@code GET /api/v1/workflows/{user}/{project}/{workflow}/openapi.json} (or {@code .yaml}): the
 * OpenAPI 3.1 document of the workflow's live releases, or of one release with {@code ?version=V};
 * 404 for an unknown workflow or version, or when nothing is live and no version is named.
 */
public final class WorkflowApiDocsHandler extends ApiHandler {

    private final ApiDocumentQueries documents;
    private final ProductionUrls urls;

    public WorkflowApiDocsHandler(ControlServices services) {
        this.documents = new ApiDocumentQueries(services.releases());
        this.urls = services.urls();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        String version = request.query("version");
        return ApiDocuments.answer(request, version == null
                ? documents.workflow(request.workflowRef(), urls.baseUrl())
                : documents.release(request.workflowRef(), version, urls.baseUrl()));
    }
}
