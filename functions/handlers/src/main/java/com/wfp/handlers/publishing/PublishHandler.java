package com.wfp.handlers.publishing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ControlBodies;
import com.wfp.handlers.http.ControlServices;
import com.wfp.platform.docs.ApiDocumentQueries;
import com.wfp.platform.docs.ContractCheck;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.PublishCommand;
import com.wfp.platform.deployment.PublishService;
import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.release.WorkflowRef;

/**
 * {@code POST /api/v1/workflows/{user}/{project}/{workflow}/releases}: body
 * {@code {"definition":{...},"version":"v1.0.0","notes":"...","strategy":"all|staged|canary:N"}},
 * optional {@code Idempotency-Key} header; starts the publish and answers 202
 * {@code {deploymentId, state, statusUrl, eventsUrl, contract}}, where {@code contract} lists what
 * the new input schema and statuses break for callers of the live release (a warning: the
 * publish goes ahead) and the version to suggest. 409 when the version name is taken, and 409
 * {@code publish.unchanged} when the body says {@code "allowUnchanged": false} and the document
 * is identical to a release serving traffic.
 */
public final class PublishHandler extends ApiHandler {

    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

    private final PublishService publishing;
    private final ApiDocumentQueries contracts;

    public PublishHandler(ControlServices services) {
        this.publishing = services.publishing();
        this.contracts = new ApiDocumentQueries(services.releases());
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        JsonNode body = request.jsonObjectBody();
        WorkflowRef ref = request.workflowRef();
        // ControlBodies has checked the body's shape: definition is an object.
        JsonNode definition = body.get("definition");
        // Compared before the publish starts: the release live now is the one callers rely on.
        ApiDocumentQueries.ContractReport contract = contracts.contractCheck(ref, definition.toString());
        Deployment started = publishing.start(new PublishCommand(ref, definition.toString(), text(body, "version"),
                text(body, "notes"), PublishStrategy.parse(text(body, "strategy")), request.actor(ref.user()),
                request.header(IDEMPOTENCY_KEY_HEADER), allowUnchanged(body)));
        ObjectNode accepted = PublishingJson.accepted(started);
        accepted.set("contract", contractJson(contract));
        return ApiResponses.json(202, accepted, request.requestId());
    }

    private static ObjectNode contractJson(ApiDocumentQueries.ContractReport contract) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("liveVersion", contract.liveVersion());
        ArrayNode breaks = json.putArray("breaks");
        for (ContractCheck.ContractBreak each : contract.breaks()) {
            breaks.addObject().put("kind", each.kind()).put("path", each.path()).put("detail", each.detail());
        }
        json.put("suggestedVersion", contract.suggestedVersion());
        return json;
    }

    /** Absent means allowed: clients written before the check publish as they always did. */
    private static boolean allowUnchanged(JsonNode body) {
        JsonNode value = body.get("allowUnchanged");
        return value == null || value.isNull() || value.asBoolean();
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
