package com.wfp.handlers.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.model.WorkflowParseException;
import com.wfp.workflow.validation.Finding;
import com.wfp.workflow.validation.ValidationReport;

import java.io.UncheckedIOException;

/**
 * The JSON shapes of validation answers and errors, in one place, so that the HTTPS control API
 * and {@code wfp validate --json} print exactly the same documents.
 */
public final class ReportJson {

    // Record components only: an is-method such as Finding.isError() is a convenience, not part of the answer.
    // A body that names a field twice is refused, never read as whichever copy the parser kept.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ReportJson() {
    }

    /** The mapper every edge uses to read and write control API JSON. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code {"valid": .., "findings": [..], "publishability": {..}}}. */
    public static ObjectNode report(ValidationReport report) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("valid", report.valid());
        ArrayNode findings = json.putArray("findings");
        for (Finding finding : report.findings()) {
            findings.add(MAPPER.valueToTree(finding));
        }
        json.set("publishability", publishability(report));
        return json;
    }

    /** The designer's Publish button state: {@code {"enabled", "reasons", "errors", "warnings"}}. */
    public static ObjectNode publishability(ValidationReport report) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("enabled", report.publishability().enabled());
        ArrayNode reasons = json.putArray("reasons");
        report.publishability().reasons().forEach(reasons::add);
        json.put("errors", report.errors().size());
        json.put("warnings", report.warnings().size());
        return json;
    }

    /** Publish stays disabled for a document that cannot be read; the reason is the read error. */
    public static ObjectNode publishability(DomainException unreadable) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("enabled", false);
        json.putArray("reasons").add(unreadable.getMessage());
        json.put("errors", 1);
        json.put("warnings", 0);
        return json;
    }

    /** {@code {"error": {"code", "message", "hint", "line", "column", "path"}}}; position fields only when known. */
    public static ObjectNode error(DomainException e) {
        ObjectNode error = MAPPER.createObjectNode();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        error.put("hint", e.hint());
        if (e instanceof WorkflowParseException parse) {
            if (parse.line() > 0) {
                error.put("line", parse.line());
                error.put("column", parse.column());
            }
            if (parse.jsonPath() != null) {
                error.put("path", parse.jsonPath());
            }
        }
        ObjectNode json = MAPPER.createObjectNode();
        json.set("error", error);
        return json;
    }

    /** Compact JSON text. */
    public static String write(JsonNode json) {
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
