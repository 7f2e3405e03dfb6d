package com.wfp.platform.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Infers the JSON Schema of a {@code respond} node's body from its JSONata expression, for the
 * API documents. What can be told from the text is typed: literals, object and array
 * constructors, paths into the trigger's input (typed by its {@code inputSchema}), string
 * concatenation, arithmetic, comparisons and the built-in functions whose result type is fixed.
 * Anything else stays unconstrained ({@code {}}), so the schema never rejects an answer the
 * workflow can give. A key is listed as required only when its value can never be undefined
 * (JSONata drops keys whose value is undefined). The expression text never reaches the schema:
 * expressions may call {@code $secret}.
 */
final class ResponseShapes {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static final Pattern INPUT_PATH = Pattern.compile("input((?:\\.(?:[A-Za-z_][A-Za-z0-9_]*|`[^`]+`))*)");
    private static final Pattern PATH_STEP = Pattern.compile("\\.(?:([A-Za-z_][A-Za-z0-9_]*)|`([^`]+)`)");
    private static final Pattern FUNCTION_CALL = Pattern.compile("\\$([A-Za-z][A-Za-z0-9]*)\\(.*\\)", Pattern.DOTALL);
    private static final Pattern LOGICAL = Pattern.compile("(?:^|\\s)(?:and|or|in)(?:\\s|$)");
    private static final Pattern COMPARISON = Pattern.compile("!=|<=|>=|=|<|>");
    private static final Pattern ARITHMETIC = Pattern.compile("(?<![.*%])[*/%+]|(?<=\\S)\\s*-");

    private static final Set<String> STRING_FUNCTIONS = Set.of("string", "substring", "substringBefore",
            "substringAfter", "uppercase", "lowercase", "trim", "pad", "join", "replace", "now", "base64encode",
            "base64decode", "encodeUrlComponent", "encodeUrl", "decodeUrlComponent", "decodeUrl", "formatNumber",
            "formatBase", "formatInteger", "fromMillis", "type");
    private static final Set<String> NUMBER_FUNCTIONS = Set.of("number", "count", "sum", "max", "min", "average",
            "length", "round", "floor", "ceil", "abs", "power", "sqrt", "random", "millis", "toMillis", "parseInteger");
    private static final Set<String> BOOLEAN_FUNCTIONS = Set.of("boolean", "not", "exists", "contains");
    /** Functions that answer a value even for an undefined argument. */
    private static final Set<String> ALWAYS_DEFINED = Set.of("now", "millis", "random", "count", "exists");

    private ResponseShapes() {
    }

    /** The schema of a body expression with no input schema to type paths by. */
    static ObjectNode inferFromExpression(JsonNode body) {
        return inferFromExpression(body, null);
    }

    /**
     * The schema of a body expression; {@code {}} (any value) when nothing can be inferred.
     *
     * @param body        the respond node's {@code body}, a JSONata expression as text
     * @param inputSchema the trigger's {@code inputSchema}, or null
     */
    static ObjectNode inferFromExpression(JsonNode body, JsonNode inputSchema) {
        if (body == null || !body.isTextual()) {
            return JSON.objectNode();
        }
        return shape(body.asText().strip(), inputSchema).schema();
    }

    /** A value's schema and whether the value can never be undefined. */
    private record Shape(ObjectNode schema, boolean alwaysDefined) {

        static Shape open() {
            return new Shape(JSON.objectNode(), false);
        }

        static Shape of(String type) {
            return new Shape(JSON.objectNode().put("type", type), true);
        }

        Shape maybeUndefined() {
            return new Shape(schema, false);
        }
    }

    private static Shape shape(String text, JsonNode inputSchema) {
        if (text.isEmpty()) {
            return Shape.open();
        }
        String masked = mask(text);
        if (masked == null || masked.contains(";") || masked.contains(":=") || masked.contains("~>")
                || masked.contains("function")) {
            return Shape.open();
        }
        if (enclosed(text, masked, '(', ')')) {
            return shape(text.substring(1, text.length() - 1).strip(), inputSchema);
        }
        int question = masked.indexOf('?');
        if (question >= 0) {
            return conditional(text, masked, question, inputSchema);
        }
        if (LOGICAL.matcher(masked).find() || COMPARISON.matcher(masked).find()) {
            return Shape.of("boolean");
        }
        if (masked.contains("&")) {
            // '&' turns undefined operands into empty strings: the result is always a string.
            return Shape.of("string");
        }
        if (ARITHMETIC.matcher(masked).find()) {
            return Shape.of("number").maybeUndefined();
        }
        return term(text, masked, inputSchema);
    }

    private static Shape term(String text, String masked, JsonNode inputSchema) {
        if (text.equals("true") || text.equals("false")) {
            return Shape.of("boolean");
        }
        if (text.equals("null")) {
            return Shape.of("null");
        }
        if (text.matches("-?\\d+")) {
            return Shape.of("integer");
        }
        if (text.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")) {
            return Shape.of("number");
        }
        if (unquote(text) != null) {
            return Shape.of("string");
        }
        if (enclosed(text, masked, '{', '}')) {
            return object(text.substring(1, text.length() - 1), inputSchema);
        }
        if (enclosed(text, masked, '[', ']')) {
            return array(text.substring(1, text.length() - 1), inputSchema);
        }
        Matcher path = INPUT_PATH.matcher(text);
        if (path.matches()) {
            return inputPath(path.group(1), inputSchema);
        }
        Matcher call = FUNCTION_CALL.matcher(text);
        if (call.matches() && masked.matches("\\$[A-Za-z][A-Za-z0-9]*\\(_*\\)")) {
            String name = call.group(1);
            String type = STRING_FUNCTIONS.contains(name) ? "string"
                    : NUMBER_FUNCTIONS.contains(name) ? "number"
                    : BOOLEAN_FUNCTIONS.contains(name) ? "boolean"
                    : name.equals("keys") || name.equals("split") ? "array" : null;
            if (type == null) {
                return Shape.open();
            }
            Shape typed = Shape.of(type);
            return ALWAYS_DEFINED.contains(name) ? typed : typed.maybeUndefined();
        }
        return Shape.open();
    }

    private static Shape object(String members, JsonNode inputSchema) {
        List<String> parts = splitTopLevel(members, ',');
        if (parts == null) {
            return Shape.open();
        }
        ObjectNode schema = JSON.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        var required = JSON.arrayNode();
        for (String member : parts) {
            if (member.isBlank()) {
                continue;
            }
            List<String> pair = splitTopLevel(member, ':');
            if (pair == null || pair.size() != 2) {
                return Shape.open();
            }
            String key = unquote(pair.get(0).strip());
            if (key == null) {
                // a computed key: the object's keys cannot be told from the text
                return Shape.of("object");
            }
            Shape value = shape(pair.get(1).strip(), inputSchema);
            properties.set(key, value.schema());
            if (value.alwaysDefined()) {
                required.add(key);
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        return new Shape(schema, true);
    }

    private static Shape array(String items, JsonNode inputSchema) {
        List<String> parts = splitTopLevel(items, ',');
        if (parts == null) {
            return Shape.open();
        }
        ObjectNode schema = JSON.objectNode().put("type", "array");
        List<ObjectNode> shapes = new ArrayList<>();
        for (String item : parts) {
            String masked = mask(item.strip());
            if (item.isBlank() || masked == null || masked.contains("..")) {
                // an empty array, or a range such as [1..5]: the items are not told apart
                return new Shape(schema, true);
            }
            Shape each = shape(item.strip(), inputSchema);
            if (each.schema().isEmpty()) {
                return new Shape(schema, true);
            }
            if (!shapes.contains(each.schema())) {
                shapes.add(each.schema());
            }
        }
        if (shapes.size() == 1) {
            schema.set("items", shapes.getFirst());
        }
        return new Shape(schema, true);
    }

    /** A path into the trigger's input, typed by its schema where the schema says. */
    private static Shape inputPath(String steps, JsonNode inputSchema) {
        if (inputSchema == null || !inputSchema.isObject()) {
            return Shape.open();
        }
        JsonNode at = inputSchema;
        boolean alwaysDefined = true;
        Matcher step = PATH_STEP.matcher(steps);
        while (step.find()) {
            String name = step.group(1) != null ? step.group(1) : step.group(2);
            if (!at.path("type").asText("").equals("object") || !at.path("properties").has(name)) {
                return Shape.open();
            }
            boolean required = false;
            for (JsonNode each : at.path("required")) {
                required |= each.asText().equals(name);
            }
            alwaysDefined &= required;
            at = at.path("properties").path(name);
        }
        if (!at.isObject()) {
            return Shape.open();
        }
        if (at.findValue("$ref") != null) {
            // a reference into the input schema's $defs means nothing outside it
            return new Shape(JSON.objectNode(), alwaysDefined);
        }
        ObjectNode copy = ((ObjectNode) at).deepCopy();
        // An example or a default in the input schema describes the input, not this answer.
        copy.remove(List.of("example", "examples", "default", "writeOnly", "$id", "$schema"));
        // An array of one item is answered as that item: JSONata unwraps singleton sequences
        // taken from a path, so a documented array type would be wrong for a one-item input.
        // An empty array taken from a path is undefined, so its key may be missing too.
        if (copy.path("type").asText("").equals("array")) {
            return Shape.open();
        }
        return new Shape(copy, alwaysDefined);
    }

    private static Shape conditional(String text, String masked, int question, JsonNode inputSchema) {
        int colon = -1;
        int nested = 0;
        for (int i = question + 1; i < masked.length(); i++) {
            char c = masked.charAt(i);
            if (c == '?') {
                nested++;
            } else if (c == ':') {
                if (nested == 0) {
                    colon = i;
                    break;
                }
                nested--;
            }
        }
        if (colon < 0) {
            // 'c ? a' answers undefined when c is false
            return new Shape(shape(text.substring(question + 1).strip(), inputSchema).schema(), false);
        }
        Shape then = shape(text.substring(question + 1, colon).strip(), inputSchema);
        Shape otherwise = shape(text.substring(colon + 1).strip(), inputSchema);
        boolean defined = then.alwaysDefined() && otherwise.alwaysDefined();
        if (then.schema().equals(otherwise.schema())) {
            return new Shape(then.schema(), defined);
        }
        if (then.schema().isEmpty() || otherwise.schema().isEmpty()) {
            return new Shape(JSON.objectNode(), defined);
        }
        ObjectNode either = JSON.objectNode();
        either.putArray("anyOf").add(then.schema()).add(otherwise.schema());
        return new Shape(either, defined);
    }

    /** Whether text is one bracketed group, such as {@code (a + b)} but not {@code (a) + (b)}. */
    private static boolean enclosed(String text, String masked, char open, char close) {
        if (text.length() < 2 || text.charAt(0) != open || text.charAt(text.length() - 1) != close) {
            return false;
        }
        // The mask blanks everything inside brackets: a single group leaves only its own brackets.
        return masked.indexOf(close) == text.length() - 1;
    }

    /**
     * The text with every character inside quotes, backticks or brackets replaced by {@code _},
     * so operators can be looked for at the top level only; null when quotes or brackets do not
     * balance.
     */
    private static String mask(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote != '`' && i + 1 < text.length()) {
                    out.append("__");
                    i++;
                    continue;
                }
                if (c == quote) {
                    quote = 0;
                    out.append(depth == 0 ? c : '_');
                } else {
                    out.append('_');
                }
            } else if (c == '\'' || c == '"' || c == '`') {
                quote = c;
                out.append(depth == 0 ? c : '_');
            } else if (c == '{' || c == '[' || c == '(') {
                out.append(depth == 0 ? c : '_');
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                depth--;
                if (depth < 0) {
                    return null;
                }
                out.append(depth == 0 ? c : '_');
            } else {
                out.append(depth == 0 ? c : '_');
            }
        }
        return depth == 0 && quote == 0 ? out.toString() : null;
    }

    private static String unquote(String text) {
        if (text.length() >= 2 && (text.charAt(0) == '\'' || text.charAt(0) == '"')
                && text.charAt(text.length() - 1) == text.charAt(0)) {
            String masked = mask(text);
            if (masked != null && masked.indexOf(text.charAt(0), 1) == text.length() - 1) {
                return text.substring(1, text.length() - 1);
            }
        }
        return null;
    }

    /** Splits at a separator outside strings and brackets; null when quotes or brackets do not balance. */
    private static List<String> splitTopLevel(String text, char separator) {
        String masked = mask(text);
        if (masked == null) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < masked.length(); i++) {
            if (masked.charAt(i) == separator) {
                parts.add(text.substring(start, i));
                start = i + 1;
                if (separator == ':') {
                    break;
                }
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
