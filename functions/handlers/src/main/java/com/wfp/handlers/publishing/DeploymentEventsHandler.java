package com.wfp.handlers.publishing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.datapath.ProductionUrls;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ControlServices;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.PublishService;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/deployments/{id}/events}: the deployment's progress as server-sent events.
 * A Lambda function cannot hold a stream open, so this handler answers one {@code status} event
 * with the current status and a {@code retry} hint, and clients reconnect (or poll the status
 * route); the local gateway streams instead, sending the same event at each step.
 */
public final class DeploymentEventsHandler extends ApiHandler {

    /** The SSE event name of a status document. */
    public static final String STATUS_EVENT = "status";
    private static final int RETRY_MS = 1000;

    private final PublishService publishing;
    private final ProductionUrls urls;

    public DeploymentEventsHandler(ControlServices services) {
        this.publishing = services.publishing();
        this.urls = services.urls();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        DeploymentId id = new DeploymentId(request.pathParameter("id"));
        String event = "retry: " + RETRY_MS + "\n"
                + sseEvent(ReportJson.write(PublishingJson.status(publishing.status(id), urls)));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/event-stream");
        headers.put("Cache-Control", "no-cache");
        headers.put(ApiResponses.REQUEST_ID_HEADER, request.requestId());
        return new APIGatewayProxyResponseEvent().withStatusCode(200).withHeaders(headers).withBody(event)
                .withIsBase64Encoded(false);
    }

    /** One {@value #STATUS_EVENT} event carrying a JSON document written on one line. */
    public static String sseEvent(String jsonLine) {
        return "event: " + STATUS_EVENT + "\ndata: " + jsonLine + "\n\n";
    }
}
