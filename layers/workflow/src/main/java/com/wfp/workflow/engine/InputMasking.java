package com.wfp.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.wfp.workflow.model.Node;
import com.wfp.workflow.validation.SensitiveKeys;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Masks what must never be stored with a failed execution, before it leaves the pod: the input
 * fields the workflow marks sensitive in its trigger's {@code inputSchema} ({@code "writeOnly": true}
 * or {@code "format": "password"} on a property), fields whose name says secret ({@code password},
 * {@code apiKey}, {@code ...Token}, as the validator judges literal secrets), and the values of the
 * credentials the workflow declares. Masked values read {@value #MASK} in the input, and every
 * occurrence of them in the error message, stack trace and node errors is masked too.
 */
public final class InputMasking {

    public static final String MASK = "***";
    /** Values shorter than this are masked in the input but not searched for in text, where they would mask at random. */
    private static final int MIN_TEXT_LENGTH = 4;

    private final JsonNode maskedInput;
    private final List<String> sensitiveValues;

    private InputMasking(JsonNode maskedInput, Set<String> sensitiveValues) {
        this.maskedInput = maskedInput;
        this.sensitiveValues = sensitiveValues.stream().filter(v -> v.length() >= MIN_TEXT_LENGTH)
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /**
     * The masking for one execution of {@code workflow} with this input.
     *
     * @param secrets where the workflow's declared credentials are read, so their values are masked wherever they appear
     */
    public static InputMasking of(ExecutableWorkflow workflow, JsonNode input, SecretProvider secrets) {
        Set<String> values = new HashSet<>();
        for (String credential : workflow.credentials()) {
            try {
                secrets.secret(credential).ifPresent(values::add);
            } catch (RuntimeException unreadable) {
                // A credential that cannot be read cannot have been used either.
            }
        }
        JsonNode schema = inputSchema(workflow);
        JsonNode masked = input == null ? null : mask(input.deepCopy(), schema, values);
        InputMasking masking = new InputMasking(masked, values);
        return masking.withSecretsMaskedInInput();
    }

    private InputMasking withSecretsMaskedInInput() {
        if (maskedInput != null && !sensitiveValues.isEmpty()) {
            maskStrings(maskedInput);
        }
        return this;
    }

    private static JsonNode inputSchema(ExecutableWorkflow workflow) {
        for (Node node : workflow.workflow().nodes()) {
            if ("trigger.http".equals(node.type()) && node.config() != null) {
                return node.config().path("inputSchema");
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** Masks {@code value} in place where the schema or the key names say so; returns it (or its mask). */
    private static JsonNode mask(JsonNode value, JsonNode schema, Set<String> values) {
        if (value instanceof ObjectNode object) {
            JsonNode properties = schema.path("properties");
            Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
            List<String> names = new ArrayList<>();
            fields.forEachRemaining(f -> names.add(f.getKey()));
            for (String name : names) {
                JsonNode propertySchema = properties.path(name);
                JsonNode field = object.get(name);
                if (SensitiveKeys.isSensitive(name) || marksSensitive(propertySchema)) {
                    collect(field, values);
                    object.set(name, TextNode.valueOf(MASK));
                } else {
                    object.set(name, mask(field, propertySchema, values));
                }
            }
            return object;
        }
        if (value instanceof ArrayNode array) {
            JsonNode items = schema.path("items");
            for (int i = 0; i < array.size(); i++) {
                array.set(i, mask(array.get(i), items, values));
            }
            return array;
        }
        return value;
    }

    private static boolean marksSensitive(JsonNode schema) {
        return schema.path("writeOnly").asBoolean(false) || "password".equals(schema.path("format").asText(""));
    }

    private static void collect(JsonNode value, Set<String> values) {
        if (value == null) {
            return;
        }
        if (value.isContainerNode()) {
            value.forEach(child -> collect(child, values));
        } else if (!value.isNull()) {
            values.add(value.asText());
        }
    }

    private void maskStrings(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode child = object.get(name);
                if (child.isTextual()) {
                    object.set(name, TextNode.valueOf(text(child.textValue())));
                } else {
                    maskStrings(child);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode child = array.get(i);
                if (child.isTextual()) {
                    array.set(i, TextNode.valueOf(text(child.textValue())));
                } else {
                    maskStrings(child);
                }
            }
        }
    }

    /** The input with the sensitive values masked; empty when there was none. */
    public Optional<JsonNode> input() {
        return Optional.ofNullable(maskedInput).filter(n -> !n.isMissingNode() && !n.isNull());
    }

    /** The text with every sensitive value masked. */
    public String text(String text) {
        if (text == null || sensitiveValues.isEmpty()) {
            return text;
        }
        String result = text;
        for (String value : sensitiveValues) {
            result = result.replace(value, MASK);
        }
        return result;
    }

    /** The trace with every sensitive value masked in its errors and the hosts its nodes called. */
    public ExecutionTrace trace(ExecutionTrace trace) {
        if (sensitiveValues.isEmpty()) {
            return trace;
        }
        List<NodeTrace> nodes = trace.nodes().stream().map(n -> n.error() == null && n.upstreamHost() == null ? n
                : new NodeTrace(n.nodeId(), n.type(), n.status(), n.durationMicros(), n.outputBytes(),
                        n.error() == null ? null : error(n.error()), text(n.upstreamHost()), n.upstreamStatus()))
                .toList();
        return new ExecutionTrace(trace.executionId(), trace.releaseId(), trace.workflowId(), trace.version(),
                trace.status(), trace.shadow(), trace.startedAt(), trace.durationMicros(), nodes,
                trace.error() == null ? null : error(trace.error()));
    }

    private ErrorInfo error(ErrorInfo error) {
        return new ErrorInfo(error.type(), text(error.message()), text(error.stackTrace()));
    }

}
