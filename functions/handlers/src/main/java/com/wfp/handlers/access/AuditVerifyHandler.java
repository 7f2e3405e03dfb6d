package com.wfp.handlers.access;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.AccessServices;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
import com.wfp.platform.audit.AuditTrail;

/**
 * {@code GET /api/v1/audit/verify}: reads the whole hash chain and answers {@code intact}, the
 * number of records, and the first record that was edited, deleted or reordered, if any.
 */
public final class AuditVerifyHandler extends ApiHandler {

    private final AuditTrail audit;

    public AuditVerifyHandler(AccessServices services) {
        this.audit = services.audit();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        AuditTrail.Verification verification = audit.verify();
        ObjectNode json = ReportJson.mapper().createObjectNode();
        json.put("intact", verification.broken().isEmpty());
        json.put("records", verification.records());
        verification.broken().ifPresent(broken -> json.putObject("firstBroken").put("seq", broken.seq())
                .put("id", broken.id()).put("reason", broken.reason()));
        return ApiResponses.json(200, json, request.requestId());
    }
}
