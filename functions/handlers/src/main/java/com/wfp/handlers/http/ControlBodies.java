package com.wfp.handlers.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.wfp.workflow.error.DomainException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The JSON Schemas of the control routes' bodies, each kind in one file: the request bodies
 * ({@code control-request-bodies.json}), which both check every body at the edge, before the
 * handler reads it, and document it in the control API's OpenAPI document, so the two cannot
 * disagree (a field the schema does not name is refused with 400 naming it, as is a wrong type
 * or a missing required field); and the success answers ({@code control-response-bodies.json},
 * with their status), which the document publishes and the end-to-end tests hold real answers to.
 */
public final class ControlBodies {

    private static final String RESOURCE = "control-request-bodies.json";
    private static final String RESPONSES = "control-response-bodies.json";
    private static final int MAX_PROBLEMS = 5;

    private static final Map<String, ObjectNode> SCHEMAS = fields(read(RESOURCE));
    private static final JsonNode RESPONSE_FILE = read(RESPONSES);
    private static final Map<String, JsonSchema> COMPILED = compile(SCHEMAS);

    private ControlBodies() {
    }

    /** The schema of the body {@code handler} takes, when it takes one. */
    public static Optional<ObjectNode> schema(Class<? extends ApiHandler> handler) {
        ObjectNode schema = SCHEMAS.get(handler.getSimpleName());
        return Optional.ofNullable(schema == null ? null : schema.deepCopy());
    }

    /**
     * A route's success answer as documented.
     *
     * @param status    its HTTP status
     * @param mediaType its content type
     * @param schema    its JSON Schema; {@code $ref}s point into {@link #components()}
     */
    public record Answer(int status, String mediaType, ObjectNode schema) {
    }

    /** The success answer {@code handler} gives, when documented. */
    public static Optional<Answer> answer(Class<? extends ApiHandler> handler) {
        JsonNode answer = RESPONSE_FILE.path("routes").get(handler.getSimpleName());
        if (answer == null) {
            return Optional.empty();
        }
        return Optional.of(new Answer(answer.path("status").asInt(200), answer.path("mediaType").asText("application/json"),
                ((ObjectNode) answer.get("schema")).deepCopy()));
    }

    /** The shared schemas the answers refer to, by name, for the document's {@code components.schemas}. */
    public static ObjectNode components() {
        return ((ObjectNode) RESPONSE_FILE.path("components")).deepCopy();
    }

    /** The handlers that have a documented answer, by simple class name. */
    static java.util.Set<String> answered() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        RESPONSE_FILE.path("routes").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The handlers that have a body schema, by simple class name. */
    static java.util.Set<String> names() {
        return SCHEMAS.keySet();
    }

    /**
     * Refuses a body that does not match the handler's schema. Handlers without a schema take
     * no body, a workflow document is left to the validator, and an empty body is left to the
     * handler, which knows whether it needs one.
     *
     * @throws DomainException 400 {@code request.unknown-field}, {@code request.missing-field} or
     *                         {@code request.invalid-field}, naming each field at fault
     */
    static void check(Class<? extends ApiHandler> handler, ApiRequest request) {
        JsonSchema schema = COMPILED.get(handler.getSimpleName());
        if (schema == null || request.body().length == 0) {
            return;
        }
        JsonNode body = request.jsonObjectBody();
        List<ValidationMessage> problems = schema.validate(body).stream()
                .sorted(Comparator.comparing((ValidationMessage m) -> String.valueOf(m.getInstanceLocation()))
                        .thenComparing(ValidationMessage::getMessage))
                .toList();
        if (problems.isEmpty()) {
            return;
        }
        ObjectNode declared = SCHEMAS.get(handler.getSimpleName());
        List<String> unknown = problems.stream().filter(p -> p.getType().equals("additionalProperties"))
                .map(ValidationMessage::getProperty).filter(Objects::nonNull).toList();
        String fields = String.join(", ", new TreeSet<>(iterable(declared.path("properties"))));
        if (!unknown.isEmpty()) {
            throw DomainException.badRequest("request.unknown-field", "The body has unknown fields: "
                    + String.join(", ", unknown), "Send only " + fields + " (see GET /api/v1/openapi.json).");
        }
        String code = problems.stream().allMatch(p -> p.getType().equals("required"))
                ? "request.missing-field" : "request.invalid-field";
        String detail = String.join("; ", problems.stream().limit(MAX_PROBLEMS).map(ValidationMessage::getMessage).toList());
        throw DomainException.badRequest(code, "The body does not match what this route takes: " + detail,
                "Fix the fields named; this route takes " + fields + " (see GET /api/v1/openapi.json).");
    }

    private static List<String> iterable(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode read(String resource) {
        try (InputStream in = ControlBodies.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the handlers' jar");
            }
            return ReportJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static Map<String, ObjectNode> fields(JsonNode all) {
        Map<String, ObjectNode> schemas = new LinkedHashMap<>();
        all.properties().forEach(e -> schemas.put(e.getKey(), (ObjectNode) e.getValue()));
        return Map.copyOf(schemas);
    }

    private static Map<String, JsonSchema> compile(Map<String, ObjectNode> schemas) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        Map<String, JsonSchema> compiled = new LinkedHashMap<>();
        // A body that is a workflow document (validate, publishability, drafts) is the validator's to
        // judge, with line and column; only the routes' own request objects are checked here.
        schemas.forEach((handler, schema) -> {
            if (schema.has("properties")) {
                compiled.put(handler, factory.getSchema(schema));
            }
        });
        return Map.copyOf(compiled);
    }
}
