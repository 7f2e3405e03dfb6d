package com.wfp.handlers.telemetry;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.notify.Notifier;
import com.wfp.workflow.error.DomainException;

/**
 * {@code POST /api/v1/projects/{user}/{project}/notify/channels} {@code {"type": "webhook", "url": "https://..."}}:
 * adds a webhook channel for the project's events ({@code POST /api/v1/notify/channels}: a platform-wide one); answers 201 with its {@code secret}, shown this once, which the receiver
 * verifies each delivery's {@code Wfp-Signature} with.
 */
public final class AddChannelHandler extends ApiHandler {

    private final Notifier notifier;

    public AddChannelHandler(Notifier notifier) {
        this.notifier = notifier;
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        JsonNode body = request.jsonObjectBody();
        String type = body.path("type").asText("webhook");
        if (!type.equals("webhook")) {
            throw DomainException.badRequest("notify.unknown-type", "'" + type.substring(0, Math.min(20, type.length()))
                    + "' is not a channel type", "Use type webhook.");
        }
        if (!body.path("url").isTextual()) {
            throw DomainException.badRequest("notify.invalid-url", "The channel has no url",
                    "Send {\"type\": \"webhook\", \"url\": \"https://...\"}.");
        }
        return ApiResponses.json(201, AlertJson.channel(ReportJson.mapper().createObjectNode(),
                notifier.addWebhook(AlertJson.channelScope(request), body.path("url").asText()), true), request.requestId());
    }
}
