package com.wfp.platform.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Infers a JSON Schema from a {@code respond} node's body expression when it is an object
 * constructor such as {@code { 'id': input.id, 'review': false }}: the keys become properties,
 * literal values give their type, anything computed stays unconstrained. The expression text
 * itself never reaches the schema.
 */
final class ResponseShapes {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ResponseShapes() {
    }

    /** The schema of a body expression; {@code {}} (any value) when nothing can be inferred. */
    static ObjectNode inferFromExpression(JsonNode body) {
        if (body == null || !body.isTextual()) {
            return JSON.objectNode();
        }
        String text = body.asText().strip();
        if (!text.startsWith("{") || !text.endsWith("}")) {
            return JSON.objectNode();
        }
        List<String> members = splitTopLevel(text.substring(1, text.length() - 1));
        if (members == null) {
            return JSON.objectNode();
        }
        ObjectNode schema = JSON.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        var required = schema.putArray("required");
        for (String member : members) {
            if (member.isBlank()) {
                continue;
            }
            int colon = topLevelColon(member);
            if (colon < 0) {
                return JSON.objectNode();
            }
            String key = unquote(member.substring(0, colon).strip());
            if (key == null) {
                return JSON.objectNode();
            }
            properties.set(key, literalType(member.substring(colon + 1).strip()));
            required.add(key);
        }
        return schema;
    }

    private static ObjectNode literalType(String value) {
        if (value.equals("true") || value.equals("false")) {
            return JSON.objectNode().put("type", "boolean");
        }
        if (value.matches("-?\\d+")) {
            return JSON.objectNode().put("type", "integer");
        }
        if (value.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
            return JSON.objectNode().put("type", "number");
        }
        if (unquote(value) != null) {
            return JSON.objectNode().put("type", "string");
        }
        if (value.contains(" & ")) {
            return JSON.objectNode().put("type", "string");
        }
        if (value.startsWith("{") && value.endsWith("}")) {
            return inferFromExpression(JSON.textNode(value));
        }
        if (value.startsWith("[") && value.endsWith("]")) {
            return JSON.objectNode().put("type", "array");
        }
        return JSON.objectNode();
    }

    private static String unquote(String text) {
        if (text.length() >= 2 && (text.charAt(0) == '\'' || text.charAt(0) == '"')
                && text.charAt(text.length() - 1) == text.charAt(0)
                && text.indexOf(text.charAt(0), 1) == text.length() - 1) {
            return text.substring(1, text.length() - 1);
        }
        return null;
    }

    /** Splits at commas outside strings and brackets; null when quotes or brackets do not balance. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                depth--;
                if (depth < 0) {
                    return null;
                }
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0 || quote != 0) {
            return null;
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static int topLevelColon(String member) {
        char quote = 0;
        for (int i = 0; i < member.length(); i++) {
            char c = member.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ':') {
                return i;
            }
        }
        return -1;
    }
}
