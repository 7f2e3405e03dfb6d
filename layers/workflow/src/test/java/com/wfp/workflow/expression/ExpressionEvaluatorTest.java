package com.wfp.workflow.expression;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.RandomCases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpressionEvaluatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ExpressionEvaluator evaluator = new ExpressionEvaluator(500, 200);
    private final Map<String, Object> context = Map.of("input", Map.of("n", 4, "name", "Ada", "tags", List.of("a", "b")));

    @Test
    void render_whenTheTemplateIsOneExpression_keepsTheValuesType() {
        assertThat(evaluator.render(Template.parse("{{ input.n * 2 }}"), context, null, 500)).isEqualTo(8);
        assertThat(evaluator.render(Template.parse("{{ input.tags }}"), context, null, 500)).isEqualTo(List.of("a", "b"));
    }

    @Test
    void render_whenTheTemplateMixesTextAndExpressions_concatenatesText() {
        assertThat(evaluator.render(Template.parse("Hi {{ input.name }}, n={{ input.n }} {{ input.tags }}"), context, null, 500))
                .isEqualTo("Hi Ada, n=4 [\"a\",\"b\"]");
        assertThat(evaluator.render(Template.parse("plain"), context, null, 500)).isEqualTo("plain");
        assertThat(evaluator.render(Template.parse("x{{ input.missing }}y"), context, null, 500)).isEqualTo("xy");
    }

    @Test
    void evaluate_whenSecretIsBound_callsTheSecretFunction() {
        Object binding = ExpressionEvaluator.secretBinding(name -> "value-of-" + name);
        assertThat(evaluator.evaluate(Expression.compile("'Bearer ' & $secret('crm')"), context, binding)).isEqualTo("Bearer value-of-crm");
    }

    @Test
    void evaluate_whenTheSecretFunctionRefuses_passesItsDomainErrorThrough() {
        Object binding = ExpressionEvaluator.secretBinding(name -> {
            throw new DomainException("secret.missing", 500, "no " + name, "store it");
        });
        assertThatThrownBy(() -> evaluator.evaluate(Expression.compile("$secret('crm')"), context, binding))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("secret.missing"));
    }

    @Test
    void evaluate_whenRecursionNeverEnds_stopsAtTheDepthOrTimeBound() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> evaluator.evaluate(Expression.compile("($f := function($n){1 + $f($n+1)}; $f(0))"), context, null))
                .isInstanceOfSatisfying(ExpressionEvaluationException.class, e -> assertThat(e.code()).isEqualTo("expression.depth"));
        assertThatThrownBy(() -> evaluator.evaluate(Expression.compile("($f := function($n){$f($n+1)}; $f(0))"), context, null))
                .isInstanceOfSatisfying(ExpressionEvaluationException.class, e -> {
                    assertThat(e.code()).isEqualTo("expression.timeout");
                    assertThat(e.getMessage()).contains("500 ms");
                });
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_500);
    }

    static java.util.stream.Stream<Long> seeds() {
        return RandomCases.seeds(150);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void toJsonAndBack_keepsJsonValues(long seed) throws Exception {
        java.util.Random random = new java.util.Random(seed);
        int number = random.nextInt(2_000_001) - 1_000_000;
        String alphabet = "abcXYZ0123456789 \"\\\n\u0001é€";
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(30); i > 0; i--) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        String text = sb.toString();
        String json = JSON.writeValueAsString(Map.of("n", number, "s", text, "list", List.of(number, true), "nested", Map.of("d", 1.25)));
        var tree = JSON.readTree(json);
        assertThat(JsonValues.toJson(JsonValues.toPlain(tree))).isEqualTo(tree);
        assertThat(JsonValues.jsonSize(JsonValues.toPlain(tree))).isEqualTo(JSON.writeValueAsBytes(tree).length);
    }

    @Test
    void toJson_whenDoublesAreWhole_writesThemAsIntegers() {
        assertThat(JsonValues.toJson(10.0).toString()).isEqualTo("10");
        assertThat(JsonValues.toJson(2.5).toString()).isEqualTo("2.5");
        assertThat(JsonValues.toJson(Double.NaN).isNull()).isTrue();
    }
}
