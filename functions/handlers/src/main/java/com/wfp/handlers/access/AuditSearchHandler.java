package com.wfp.handlers.access;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.handlers.http.AccessServices;
import com.wfp.handlers.http.ApiHandler;
import com.wfp.handlers.http.ApiRequest;
import com.wfp.handlers.http.ApiResponses;
import com.wfp.handlers.http.ReportJson;
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
        java.util.Optional<java.util.Set<String>> visible = request.visibleProjects();
        String caller = request.actor(null);
        int wanted = limit(request.query("limit"));
        // Rows of other projects are left out before the limit counts, so a person's page is full.
        AuditQuery query = new AuditQuery(since(request.query("since")), request.query("principal"),
                request.query("action"), request.query("resource"), outcome(request.query("outcome")),
                visible.isPresent() ? AuditQuery.MAX_LIMIT : wanted);
        ObjectNode json = ReportJson.mapper().createObjectNode();
        ArrayNode records = json.putArray("records");
        for (AuditRecord record : audit.search(query)) {
            if (visible.isPresent() && !visibleTo(record, visible.get(), caller)) {
                continue;
            }
            if (records.size() >= wanted) {
                break;
            }
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

    /** A person sees the records of the projects they may audit, and their own calls. */
    private static boolean visibleTo(AuditRecord record, java.util.Set<String> projects, String caller) {
        if (caller != null && caller.equals(record.entry().principal())) {
            return true;
        }
        String[] parts = record.entry().resource().split("/");
        // /api/v1/workflows/{user}/{project}/..., /api/v1/projects/{user}/{project}/..., /w/{user}/{project}/...
        if (parts.length >= 6 && parts[1].equals("api") && (parts[3].equals("workflows") || parts[3].equals("projects"))) {
            return projects.contains(parts[4] + "/" + parts[5]);
        }
        if (parts.length >= 4 && parts[1].equals("w")) {
            return projects.contains(parts[2] + "/" + parts[3]);
        }
        return false;
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
