package com.wfp.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.platform.audit.AuditOutcome;
import com.wfp.platform.audit.AuditQuery;
import com.wfp.platform.audit.AuditRecord;
import com.wfp.platform.audit.AuditTrail;
import com.wfp.workflow.error.DomainException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * {@code GET /api/v1/audit?since=&principal=&action=&resource=&outcome=&limit=}: audit records,
 * newest first. Free text comes back as stored; whoever prints it escapes control characters.
 */
public final class AuditSearchHandler extends ApiHandler {

    private final AuditTrail audit;

    public AuditSearchHandler(AccessServices services) {
        this.audit = services.audit();
    }

    @Override
    protected APIGatewayProxyResponseEvent handle(ApiRequest request) {
        AuditQuery query = new AuditQuery(since(request.query("since")), request.query("principal"),
                request.query("action"), request.query("resource"), outcome(request.query("outcome")),
                limit(request.query("limit")));
        ObjectNode json = ReportJson.mapper().createObjectNode();
        ArrayNode records = json.putArray("records");
        for (AuditRecord record : audit.search(query)) {
            ObjectNode r = records.addObject();
            r.put("seq", record.seq());
            r.put("id", record.id());
            r.put("at", record.entry().at().toString());
            r.put("principal", record.entry().principal());
            r.put("action", record.entry().action());
            r.put("resource", record.entry().resource());
            r.put("params", record.entry().params());
            r.put("source", record.entry().source());
            r.put("outcome", record.entry().outcome().name().toLowerCase(Locale.ROOT));
            r.put("code", record.entry().code());
            r.put("hash", record.hash());
        }
        return ApiResponses.json(200, json, request.requestId());
    }

    private static Instant since(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw DomainException.badRequest("request.invalid-since", "'" + text + "' is not a UTC time",
                    "Give since as an ISO time such as 2026-12-05T10:00:00Z.");
        }
    }

    private static AuditOutcome outcome(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return AuditOutcome.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DomainException.badRequest("request.invalid-outcome", "'" + text + "' is not an outcome",
                    "Give outcome as allowed, denied or failed.");
        }
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return 1000;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw DomainException.badRequest("request.invalid-limit", "'" + text + "' is not a number",
                    "Give limit as a whole number up to " + AuditQuery.MAX_LIMIT + ".");
        }
    }
}
