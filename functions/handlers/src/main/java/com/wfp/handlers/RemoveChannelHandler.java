package com.wfp.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.wfp.platform.notify.Notifier;

/** {@code DELETE /api/v1/notify/channels/{id}}: removes a channel; 404 when there is none. */
public final class RemoveChannelHandler extends ApiHandler {

    private final Notifier notifier;

    public RemoveChannelHandler(Notifier notifier) {
        this.notifier = notifier;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        return ApiResponses.json(200, AlertJson.channel(ReportJson.mapper().createObjectNode(),
                notifier.remove(request.pathParameter("id")), false), request.requestId());
    }
}
