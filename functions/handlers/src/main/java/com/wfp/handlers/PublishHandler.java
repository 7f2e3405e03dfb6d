package com.wfp.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.PublishCommand;
import com.wfp.platform.deployment.PublishService;
import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;

/**
 * {@code POST /api/v1/workflows/{user}/{project}/{workflow}/releases}: body
 * {@code {"definition":{...},"version":"v1.0.0","notes":"...","strategy":"all|staged|canary:N"}},
 * optional {@code Idempotency-Key} header; starts the publish and answers 202
 * {@code {deploymentId, state, statusUrl, eventsUrl}}. 409 when the version name is taken.
 */
public final class PublishHandler extends ApiHandler {

    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

    private final PublishService publishing;

    public PublishHandler(ControlServices services) {
        this.publishing = services.publishing();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        JsonNode body = request.jsonObjectBody();
        WorkflowRef ref = request.workflowRef();
        JsonNode definition = body.get("definition");
        if (definition == null || !definition.isObject()) {
            throw DomainException.badRequest("publish.missing-definition", "The publish request has no definition object",
                    "Send {\"definition\": {workflow document}, \"version\": \"v1.0.0\"}.");
        }
        Deployment started = publishing.start(new PublishCommand(ref, definition.toString(), text(body, "version"),
                text(body, "notes"), PublishStrategy.parse(text(body, "strategy")), ref.user(),
                request.header(IDEMPOTENCY_KEY_HEADER)));
        return ApiResponses.json(202, PublishingJson.accepted(started), request.requestId());
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
