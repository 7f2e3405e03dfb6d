package com.wfp.handlers.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.notify.Notifier;
import com.wfp.platform.notify.WebhookChannel;

/**
 * {@code GET /api/v1/projects/{user}/{project}/notify/channels}: the project's channels; {@code GET
 * /api/v1/notify/channels}: the platform-wide ones. Secrets shortened.
 */
public final class ListChannelsHandler extends ApiHandler {

    private final Notifier notifier;

    public ListChannelsHandler(Notifier notifier) {
        this.notifier = notifier;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        ObjectNode json = ReportJson.mapper().createObjectNode();
        ArrayNode list = json.putArray("channels");
        for (WebhookChannel channel : notifier.channels(AlertJson.channelScope(request))) {
            AlertJson.channel(list.addObject(), channel, false);
        }
        return ApiResponses.json(200, json, request.requestId());
    }
}
