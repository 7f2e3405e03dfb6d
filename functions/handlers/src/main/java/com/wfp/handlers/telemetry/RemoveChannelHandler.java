package com.wfp.handlers.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.notify.Notifier;

/**
 * {@code DELETE /api/v1/projects/{user}/{project}/notify/channels/{id}} (or {@code /api/v1/notify/channels/{id}}
 * for a platform-wide one): removes a channel of that scope; 404 when the scope has none with that id.
 */
public final class RemoveChannelHandler extends ApiHandler {

    private final Notifier notifier;

    public RemoveChannelHandler(Notifier notifier) {
        this.notifier = notifier;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        return ApiResponses.json(200, AlertJson.channel(ReportJson.mapper().createObjectNode(),
                notifier.remove(AlertJson.channelScope(request), request.pathParameter("id")), false), request.requestId());
    }
}
