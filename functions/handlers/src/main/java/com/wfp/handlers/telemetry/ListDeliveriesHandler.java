package com.wfp.handlers.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.notify.Delivery;
import com.wfp.platform.notify.Notifier;

/**
 * {@code GET /api/v1/projects/{user}/{project}/notify/deliveries?limit=}: the delivery log of the
 * project's channels ({@code /api/v1/notify/deliveries}: of the platform-wide ones), newest attempt first.
 */
public final class ListDeliveriesHandler extends ApiHandler {

    private final Notifier notifier;

    public ListDeliveriesHandler(Notifier notifier) {
        this.notifier = notifier;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        ObjectNode json = ReportJson.mapper().createObjectNode();
        ArrayNode list = json.putArray("deliveries");
        for (Delivery delivery : notifier.deliveries(AlertJson.channelScope(request), AlertJson.limit(request.query("limit"), 100, 1000))) {
            AlertJson.delivery(list.addObject(), delivery);
        }
        return ApiResponses.json(200, json, request.requestId());
    }
}
