package com.wfp.platform.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * Builds values that a JSON Schema accepts, from the keywords input schemas use: {@code type},
 * {@code const}, {@code enum}, {@code properties} and {@code required}, {@code items} with their
 * counts, string lengths and common formats, number bounds and {@code multipleOf}, and the first
 * choice of {@code anyOf}/{@code oneOf}. A schema a value cannot be built for without guessing
 * (a {@code pattern} or a {@code $ref} with no {@code examples} or {@code default} to take) gives
 * nothing rather than a wrong value. The API documents use it for an example when the trigger
 * gives none, and the tests drive production URLs with its values.
 */
public final class SchemaInstances {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 8;
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-";

    private final Random random;

    private SchemaInstances(Random random) {
        this.random = random;
    }

    /**
     * A value {@code schema} accepts, or empty when none can be built without guessing.
     *
     * @param schema a JSON Schema (draft 2020-12)
     * @param random the source of choices; the same seed gives the same value
     */
    public static Optional<JsonNode> of(JsonNode schema, Random random) {
        return Optional.ofNullable(new SchemaInstances(random).value(schema, 0));
    }

    private JsonNode value(JsonNode schema, int depth) {
        if (schema == null || schema.isMissingNode() || depth > MAX_DEPTH) {
            return null;
        }
        if (schema.isBoolean()) {
            return schema.asBoolean() ? JSON.textNode("any") : null;
        }
        if (schema.has("const")) {
            return schema.get("const").deepCopy();
        }
        if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
            JsonNode choices = schema.get("enum");
            return choices.get(random.nextInt(choices.size())).deepCopy();
        }
        if (schema.has("$ref") || schema.has("pattern") || schema.has("not") || schema.has("if")
                || schema.has("patternProperties") || schema.has("dependentRequired")) {
            return given(schema);
        }
        for (String choice : List.of("anyOf", "oneOf")) {
            if (schema.path(choice).isArray() && !schema.path(choice).isEmpty()) {
                return schema.has("type") || schema.has("properties") ? given(schema)
                        : value(schema.get(choice).get(0), depth + 1);
            }
        }
        if (schema.has("allOf")) {
            return given(schema);
        }
        String type = type(schema);
        if (type == null) {
            return schema.has("properties") ? object(schema, depth) : JSON.textNode("any");
        }
        return switch (type) {
            case "object" -> object(schema, depth);
            case "array" -> array(schema, depth);
            case "string" -> string(schema);
            case "integer" -> integer(schema);
            case "number" -> number(schema);
            case "boolean" -> JSON.booleanNode(random.nextBoolean());
            case "null" -> JSON.nullNode();
            default -> null;
        };
    }

    /** The value the schema itself offers ({@code examples}, {@code example} or {@code default}). */
    private static JsonNode given(JsonNode schema) {
        if (schema.path("examples").isArray() && !schema.path("examples").isEmpty()) {
            return schema.get("examples").get(0).deepCopy();
        }
        if (schema.has("example")) {
            return schema.get("example").deepCopy();
        }
        return schema.has("default") ? schema.get("default").deepCopy() : null;
    }

    private String type(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return null;
        }
        if (type.isTextual()) {
            return type.asText();
        }
        List<String> types = new ArrayList<>();
        type.forEach(t -> types.add(t.asText()));
        return types.isEmpty() ? null : types.get(random.nextInt(types.size()));
    }

    private JsonNode object(JsonNode schema, int depth) {
        ObjectNode out = JSON.objectNode();
        JsonNode properties = schema.path("properties");
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        for (String name : required) {
            JsonNode value = value(properties.get(name), depth + 1);
            if (value == null) {
                if (properties.has(name)) {
                    return given(schema);
                }
                value = JSON.textNode("any");
            }
            out.set(name, value);
        }
        int max = schema.path("maxProperties").asInt(Integer.MAX_VALUE);
        for (var fields = properties.properties().iterator(); fields.hasNext() && out.size() < max; ) {
            var field = fields.next();
            if (out.has(field.getKey()) || random.nextBoolean()) {
                continue;
            }
            JsonNode value = value(field.getValue(), depth + 1);
            if (value != null) {
                out.set(field.getKey(), value);
            }
        }
        JsonNode extra = schema.get("additionalProperties");
        int wanted = schema.path("minProperties").asInt(0) + (extra != null && extra.isObject() ? random.nextInt(2) : 0);
        for (int i = 1; extra != null && extra.isObject() && out.size() < Math.min(wanted, max); i++) {
            JsonNode value = value(extra, depth + 1);
            if (value == null) {
                return given(schema);
            }
            out.set("key" + i, value);
        }
        return out.size() < schema.path("minProperties").asInt(0) ? given(schema) : out;
    }

    private JsonNode array(JsonNode schema, int depth) {
        if (schema.has("prefixItems") || schema.has("contains") || schema.path("uniqueItems").asBoolean(false)) {
            return given(schema);
        }
        int min = schema.path("minItems").asInt(0);
        int max = Math.min(schema.path("maxItems").asInt(min + 3), min + 3);
        int count = min + random.nextInt(max - min + 1);
        ArrayNode out = JSON.arrayNode();
        for (int i = 0; i < count; i++) {
            JsonNode item = schema.has("items") ? value(schema.get("items"), depth + 1) : JSON.numberNode(i);
            if (item == null) {
                return given(schema);
            }
            out.add(item);
        }
        return out;
    }

    private JsonNode string(JsonNode schema) {
        String format = schema.path("format").asText("");
        String formatted = switch (format) {
            case "email" -> "user" + random.nextInt(1000) + "@example.com";
            case "date-time" -> "2026-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10) + "T12:34:56Z";
            case "date" -> "2026-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10);
            case "uuid" -> new UUID(random.nextLong(), random.nextLong()).toString();
            case "uri", "url" -> "https://example.com/item/" + random.nextInt(1000);
            default -> null;
        };
        int min = schema.path("minLength").asInt(0);
        int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        if (formatted != null) {
            return formatted.length() >= min && formatted.length() <= max ? JSON.textNode(formatted) : given(schema);
        }
        if (!format.isEmpty() || max < min) {
            return given(schema);
        }
        int length = min + random.nextInt((int) Math.min((long) max, min + 12L) - min + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return JSON.textNode(text.toString());
    }

    private JsonNode integer(JsonNode schema) {
        long low = schema.has("minimum") ? (long) Math.ceil(schema.get("minimum").asDouble()) : -1000;
        long high = schema.has("maximum") ? (long) Math.floor(schema.get("maximum").asDouble()) : low + 2000;
        if (schema.has("exclusiveMinimum")) {
            low = Math.max(low, (long) Math.floor(schema.get("exclusiveMinimum").asDouble()) + 1);
        }
        if (schema.has("exclusiveMaximum")) {
            high = Math.min(high, (long) Math.ceil(schema.get("exclusiveMaximum").asDouble()) - 1);
        }
        if (!schema.has("minimum") && !schema.has("exclusiveMinimum")) {
            low = Math.min(low, high - 2000);
        }
        if (high < low) {
            return given(schema);
        }
        long step = schema.has("multipleOf") && schema.get("multipleOf").canConvertToExactIntegral()
                ? Math.max(1, schema.get("multipleOf").asLong()) : 1;
        long first = Math.floorDiv(low + step - 1, step) * step;
        if (first > high) {
            return given(schema);
        }
        long steps = (high - first) / step;
        return JSON.numberNode(first + step * (long) (random.nextDouble() * (steps + 1)));
    }

    private JsonNode number(JsonNode schema) {
        if (schema.has("multipleOf")) {
            return schema.get("multipleOf").canConvertToExactIntegral() ? integer(schema) : given(schema);
        }
        double low = schema.path("minimum").asDouble(schema.path("exclusiveMinimum").asDouble(-1000));
        double high = schema.path("maximum").asDouble(schema.path("exclusiveMaximum").asDouble(low + 2000));
        if (high < low) {
            return given(schema);
        }
        double value = low + (high - low) * (0.1 + 0.8 * random.nextDouble());
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(2, java.math.RoundingMode.HALF_UP);
        double result = rounded.doubleValue();
        if (result <= low && schema.has("exclusiveMinimum") || result >= high && schema.has("exclusiveMaximum")
                || result < low || result > high) {
            result = (low + high) / 2;
        }
        return JSON.numberNode(result);
    }
}
