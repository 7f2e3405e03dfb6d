package com.wfp.handlers.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.workflow.error.DomainException;

/**
 * Reads typed fields of a control request body, refusing a field of the wrong type with a
 * {@code request.invalid-field} and a missing required one with {@code request.missing-field},
 * each saying what to send instead.
 */
public final class BodyFields {

    private BodyFields() {
    }

    public static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalidField(field, "a string");
        }
        return value.asText();
    }

    public static String requiredText(JsonNode body, String field, String example) {
        String value = text(body, field);
        if (value == null || value.isBlank()) {
            throw DomainException.badRequest("request.missing-field", "The request body has no '" + field + "'",
                    "Send " + example + ".");
        }
        return value;
    }

    public static Long number(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw invalidField(field, "a whole number");
        }
        return value.asLong();
    }

    public static long requiredNumber(JsonNode body, String field, String example) {
        Long value = number(body, field);
        if (value == null) {
            throw DomainException.badRequest("request.missing-field", "The request body has no '" + field + "'",
                    "Send " + example + ".");
        }
        return value;
    }

    public static Double decimal(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw invalidField(field, "a number");
        }
        return value.asDouble();
    }

    /** The refusal of a field that is present but not {@code kind}. */
    public static DomainException invalidField(String field, String kind) {
        return DomainException.badRequest("request.invalid-field", "'" + field + "' must be " + kind,
                "Send '" + field + "' as " + kind + ".");
    }
}
