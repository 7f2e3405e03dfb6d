package com.wfp.workflow.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import com.wfp.workflow.model.Node;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The schemas a document declares must be valid JSON Schema (draft 2020-12): the trigger's
 * {@code inputSchema} (and its {@code example} should match it) and a respond node's
 * {@code schema}, the shape of the body it answers with, which the API documents publish.
 *
 * <p>The factory and the compiled meta-schema are built once per JVM and shared: building them
 * is by far the most expensive step of validation. Schemas may only reference the bundled
 * meta-schemas, never a URL: fetching a {@code $ref} would let a document make the validator
 * call arbitrary hosts.
 */
final class JsonSchemaChecks {

    private static final String META_SCHEMA_IRI = "https://json-schema.org/draft/2020-12/schema";
    private static final int MAX_MESSAGES = 5;

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder
                    // A schema's "$id" must not make one workflow's schema visible to the next validation.
                    .enableSchemaCache(false)
                    .schemaLoaders(loaders -> loaders.add(new AllowSchemaLoader(
                            iri -> iri.toString().startsWith("classpath:")))));

    /** Per-match budget for schema patterns, see {@link BoundedRegularExpressions}. */
    static final long PATTERN_BUDGET_MILLIS = 200;

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .regularExpressionFactory(new BoundedRegularExpressions(PATTERN_BUDGET_MILLIS))
            .build();

    private static final JsonSchema META_SCHEMA = createMetaSchema();

    private JsonSchemaChecks() {
    }

    private static JsonSchema createMetaSchema() {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of(META_SCHEMA_IRI), CONFIG);
        meta.initializeValidators();
        return meta;
    }

    /** Checks the trigger's {@code inputSchema}, then that {@code example} (when given) matches it. */
    static void checkInput(ValidationContext ctx, Node node, JsonPath configPath, JsonNode inputSchema, JsonNode example) {
        JsonSchema schema = compile(ctx, node, configPath, "inputSchema", "config.input-schema-invalid", "input schema",
                inputSchema);
        if (schema == null || example == null) {
            return;
        }
        FindingCollector out = ctx.findings();
        JsonPath schemaPath = configPath.key("inputSchema");
        List<ValidationMessage> mismatches;
        try {
            mismatches = sorted(schema.validate(example));
        } catch (RuntimeException e) {
            out.error("config.input-schema-invalid", node.id(), schemaPath,
                    "The input schema cannot be applied to the example: " + e.getMessage(),
                    "Keep the schema self-contained (\"$ref\" only inside it, \"#/$defs/...\") and its patterns"
                            + " simple: no nested repetition such as (a+)+.");
            return;
        }
        if (!mismatches.isEmpty()) {
            String detail = mismatches.stream().limit(3).map(ValidationMessage::getMessage).collect(Collectors.joining("; "));
            out.warning("config.example-mismatch", node.id(), configPath.key("example"),
                    "The example input does not match the input schema: " + detail,
                    "Change the example (or the schema) so that the example is a valid input;"
                            + " the dry run after publishing uses it.");
        }
    }

    /** Checks a respond node's {@code schema}: the JSON Schema of the body it answers with. */
    static void checkResponse(ValidationContext ctx, Node node, JsonPath configPath, JsonNode responseSchema) {
        compile(ctx, node, configPath, "schema", "config.response-schema-invalid", "response schema", responseSchema);
    }

    /** The compiled schema of {@code field}, or null after reporting why it is unusable. */
    private static JsonSchema compile(ValidationContext ctx, Node node, JsonPath configPath, String field, String code,
                                      String what, JsonNode declared) {
        FindingCollector out = ctx.findings();
        JsonPath schemaPath = configPath.key(field);
        if (!declared.isObject() && !declared.isBoolean()) {
            out.error("config.wrong-type", node.id(), schemaPath,
                    "\"" + field + "\" must be a JSON Schema object, found " + ValidationContext.kind(declared),
                    "Write the schema as an object such as {\"type\": \"object\", \"properties\": {...}}.");
            return null;
        }
        List<ValidationMessage> problems;
        try {
            problems = sorted(META_SCHEMA.validate(declared));
        } catch (RuntimeException e) {
            out.error(code, node.id(), schemaPath, "The " + what + " cannot be checked: " + e.getMessage(),
                    "Simplify the schema; see https://json-schema.org/understanding-json-schema.");
            return null;
        }
        if (!problems.isEmpty()) {
            for (ValidationMessage m : problems.subList(0, Math.min(MAX_MESSAGES, problems.size()))) {
                out.error(code, node.id(), schemaPath,
                        "The " + what + " is not valid JSON Schema (draft 2020-12): " + m.getMessage(),
                        "Fix the schema at " + m.getInstanceLocation() + "; see https://json-schema.org/understanding-json-schema.");
            }
            return null;
        }
        try {
            JsonSchema schema = FACTORY.getSchema(declared, CONFIG);
            schema.initializeValidators();
            return schema;
        } catch (RuntimeException e) {
            out.error(code, node.id(), schemaPath, "The " + what + " cannot be used: " + e.getMessage(),
                    "Keep the schema self-contained: \"$ref\" may only point inside the schema (\"#/$defs/...\").");
            return null;
        }
    }

    private static List<ValidationMessage> sorted(Set<ValidationMessage> messages) {
        return messages.stream()
                .sorted(Comparator.comparing((ValidationMessage m) -> String.valueOf(m.getInstanceLocation()))
                        .thenComparing(ValidationMessage::getMessage))
                .toList();
    }
}
