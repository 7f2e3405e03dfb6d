package com.wfp.platform.docs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseShapesTest {

    @Test
    void infer_fromAnObjectExpression_typesLiteralsAndLeavesComputedValuesOpen() {
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
    void infer_fromAnythingButAnObjectConstructor_isUnconstrained() {
        assertThat(ResponseShapes.inferFromExpression(JsonNodeFactory.instance.textNode("$secret('k')"))).isEmpty();
        assertThat(ResponseShapes.inferFromExpression(JsonNodeFactory.instance.textNode("{ 'a': 1 } & 'x' }"))).isEmpty();
        assertThat(ResponseShapes.inferFromExpression(null)).isEmpty();
    }
}
