package com.wfp.platform.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.wfp.workflow.expression.Expression;
import com.wfp.workflow.expression.ExpressionEvaluator;
import com.wfp.workflow.expression.JsonValues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseShapesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final ExpressionEvaluator EVALUATOR = new ExpressionEvaluator(1_000, 200);
    private static final long SEED = Long.getLong("wfp.seed", 20261205L);

    private static final String INPUT_SCHEMA = """
            {"type": "object", "required": ["orderId", "total", "customer"],
             "properties": {
               "orderId": {"type": "string", "minLength": 1, "maxLength": 20},
               "total": {"type": "number", "minimum": 0, "maximum": 5000},
               "quantity": {"type": "integer", "minimum": 1, "maximum": 9},
               "express": {"type": "boolean"},
               "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 3},
               "customer": {"type": "object", "required": ["id"], "properties": {
                 "id": {"type": "string", "format": "uuid"},
                 "tier": {"enum": ["gold", "silver"]}}}}}""";

    static Stream<Arguments> bodies() {
        return Stream.of(
                "{ 'orderId': input.orderId, 'review': false, 'count': 3, 'label': 'a, b', 'nested': { 'x': 1.5 } }",
                "{ 'id': input.orderId, 'total': input.total, 'tier': input.customer.tier, 'qty': input.quantity }",
                "{ 'summary': input.orderId & ' for ' & input.customer.id, 'big': input.total > 1000 }",
                "{ 'net': input.total * 0.8, 'withTax': input.total + 1, 'fast': input.express = true }",
                "{ 'size': $count(input.tags), 'upper': $uppercase(input.orderId), 'at': $now() }",
                "{ 'band': input.total > 100 ? 'high' : 'low', 'maybe': input.express ? input.quantity : 0 }",
                "{ 'flags': [true, false], 'empty': [], 'whole': input.customer, 'known': $exists(input.express) }",
                "input.total > 100 ? { 'review': true } : { 'review': false, 'by': 'auto' }",
                "(input.orderId)",
                "{ 'list': input.tags, 'range': [1..3], 'text': \"it's \\\"quoted\\\"\" }",
                "{ 'raw': input.customer.tier in ['gold'], 'neg': -input.total, 'sum': $sum([input.total, 1]) }")
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void infer_forAnyValidInput_acceptsWhatTheExpressionAnswers(String body) throws Exception {
        JsonNode inputSchema = JSON.readTree(INPUT_SCHEMA);
        JsonNode inferred = ResponseShapes.inferFromExpression(JsonNodeFactory.instance.textNode(body), inputSchema);
        JsonSchema schema = SCHEMAS.getSchema(inferred);
        JsonSchema input = SCHEMAS.getSchema(inputSchema);
        Expression expression = Expression.compile(body);
        Random random = new Random(SEED);
        for (int i = 0; i < 200; i++) {
            JsonNode generated = SchemaInstances.of(inputSchema, random).orElseThrow();
            assertThat(input.validate(generated)).as("generated input %s", generated).isEmpty();
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("input", JsonValues.toPlain(generated));
            JsonNode answer = JsonValues.toJson(EVALUATOR.evaluate(expression, context, null));
            assertThat(schema.validate(answer)).as("answer %s to input %s under %s", answer, generated, inferred)
                    .isEmpty();
        }
    }

    @Test
    void infer_fromPathsIntoTheInput_typesThemByTheInputSchemaAndRequiresOnlyWhatTheInputRequires() throws Exception {
        JsonNode schema = ResponseShapes.inferFromExpression(JsonNodeFactory.instance.textNode(
                "{ 'id': input.orderId, 'qty': input.quantity, 'tier': input.customer.tier, 'label': 'x' & input.orderId }"),
                JSON.readTree(INPUT_SCHEMA));

        assertThat(schema.path("properties").path("id").path("type").asText()).isEqualTo("string");
        assertThat(schema.path("properties").path("qty").path("type").asText()).isEqualTo("integer");
        assertThat(schema.path("properties").path("tier").path("enum")).hasSize(2);
        assertThat(schema.path("properties").path("label").path("type").asText()).isEqualTo("string");
        assertThat(schema.path("required")).extracting(JsonNode::asText).containsExactly("id", "label");
    }

    @Test
    void infer_fromAnObjectExpression_typesLiteralsAndLeavesUnknownValuesOpen() {
        var schema = ResponseShapes.inferFromExpression(JsonNodeFactory.instance.textNode(
                "{ 'orderId': input.orderId, 'review': false, 'count': 3, 'label': 'a, b', 'nested': { 'x': 1.5 } }"));

        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("properties").path("orderId").isEmpty()).isTrue();
        assertThat(schema.path("properties").path("review").path("type").asText()).isEqualTo("boolean");
        assertThat(schema.path("properties").path("count").path("type").asText()).isEqualTo("integer");
        assertThat(schema.path("properties").path("label").path("type").asText()).isEqualTo("string");
        assertThat(schema.path("properties").path("nested").path("properties").path("x").path("type").asText())
                .isEqualTo("number");
        assertThat(schema.toString()).doesNotContain("input.orderId");
    }

    @Test
    void infer_fromWhatCannotBeTyped_isUnconstrained() {
        assertThat(ResponseShapes.inferFromExpression(JsonNodeFactory.instance.textNode("$secret('k')"))).isEmpty();
        assertThat(ResponseShapes.inferFromExpression(JsonNodeFactory.instance.textNode("{ 'a': 1 } & 'x' }"))).isEmpty();
        assertThat(ResponseShapes.inferFromExpression(JsonNodeFactory.instance.textNode("($x := 1; $x)"))).isEmpty();
        assertThat(ResponseShapes.inferFromExpression(JsonNodeFactory.instance.textNode("nodes.fetch.body"))).isEmpty();
        assertThat(ResponseShapes.inferFromExpression(null)).isEmpty();
    }
}
