package com.wfp.platform.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaInstancesTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final long SEED = Long.getLong("wfp.seed", 7L);

    @Test
    void of_overRandomSchemas_buildsOnlyValuesTheSchemaAccepts() {
        Random random = new Random(SEED);
        int built = 0;
        for (int i = 0; i < 2_000; i++) {
            JsonNode schema = randomSchema(random, 0);
            Optional<JsonNode> value = SchemaInstances.of(schema, new Random(random.nextLong()));
            if (value.isEmpty()) {
                continue;
            }
            built++;
            JsonSchema compiled = SCHEMAS.getSchema(schema);
            assertThat(compiled.validate(value.get())).as("%s for %s", value.get(), schema).isEmpty();
        }
        // patterns without examples are the only schemas left out, and they are a minority
        assertThat(built).isGreaterThan(1_500);
    }

    @Test
    void of_whenAPatternHasNoExample_givesNothingRatherThanAGuess() throws Exception {
        JsonNode schema = new ObjectMapper().readTree("{\"type\": \"string\", \"pattern\": \"^[A-Z]{3}-\\\\d+$\"}");
        assertThat(SchemaInstances.of(schema, new Random(1))).isEmpty();
        ((ObjectNode) schema).putArray("examples").add("ABC-12");
        assertThat(SchemaInstances.of(schema, new Random(1))).contains(JSON.textNode("ABC-12"));
    }

    @Test
    void of_withTheSameSeed_buildsTheSameValue() {
        JsonNode schema = randomSchema(new Random(3), 0);
        assertThat(SchemaInstances.of(schema, new Random(9))).isEqualTo(SchemaInstances.of(schema, new Random(9)));
    }

    private static JsonNode randomSchema(Random random, int depth) {
        ObjectNode schema = JSON.objectNode();
        int kind = random.nextInt(depth > 2 ? 6 : 9);
        switch (kind) {
            case 0 -> {
                schema.put("type", "string");
                int min = random.nextInt(4);
                if (random.nextBoolean()) schema.put("minLength", min);
                if (random.nextBoolean()) schema.put("maxLength", min + random.nextInt(10));
                if (random.nextInt(4) == 0) schema.put("format", random.nextBoolean() ? "email" : "uuid");
                if (random.nextInt(10) == 0) schema.put("pattern", "^x+$");
            }
            case 1 -> {
                schema.put("type", "integer");
                int low = random.nextInt(200) - 100;
                if (random.nextBoolean()) schema.put("minimum", low);
                if (random.nextBoolean()) schema.put("maximum", low + random.nextInt(50));
                if (random.nextInt(3) == 0) schema.put("exclusiveMinimum", low - 1);
                if (random.nextInt(3) == 0) schema.put("multipleOf", 1 + random.nextInt(5));
            }
            case 2 -> {
                schema.put("type", "number");
                double low = random.nextInt(100) - 50 + 0.5;
                if (random.nextBoolean()) schema.put("minimum", low);
                if (random.nextBoolean()) schema.put("exclusiveMaximum", low + 1 + random.nextInt(100));
            }
            case 3 -> schema.put("type", "boolean");
            case 4 -> {
                ArrayNode choices = schema.putArray("enum");
                choices.add("a").add(1).add(JSON.nullNode());
            }
            case 5 -> schema.putArray("type").add("string").add("null");
            case 6 -> {
                schema.put("type", "object");
                ObjectNode properties = schema.putObject("properties");
                ArrayNode required = schema.putArray("required");
                int count = random.nextInt(4);
                for (int i = 0; i < count; i++) {
                    properties.set("p" + i, randomSchema(random, depth + 1));
                    if (random.nextBoolean()) required.add("p" + i);
                }
                switch (random.nextInt(3)) {
                    case 0 -> schema.put("additionalProperties", false);
                    case 1 -> {
                        schema.set("additionalProperties", randomSchema(random, depth + 1));
                        schema.put("minProperties", random.nextInt(3));
                    }
                    default -> { }
                }
            }
            case 7 -> {
                schema.put("type", "array");
                schema.set("items", randomSchema(random, depth + 1));
                int min = random.nextInt(3);
                schema.put("minItems", min);
                if (random.nextBoolean()) schema.put("maxItems", min + random.nextInt(3));
            }
            default -> {
                ArrayNode any = schema.putArray("anyOf");
                any.add(randomSchema(random, depth + 1)).add(randomSchema(random, depth + 1));
            }
        }
        return schema;
    }
}
