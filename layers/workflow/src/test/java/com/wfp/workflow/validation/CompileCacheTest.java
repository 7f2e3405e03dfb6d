package com.wfp.workflow.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompileCacheTest {

    @Test
    void expression_whenSourceDoesNotCompile_keepsMessageAndPosition() {
        CompileCache cache = new CompileCache(10);

        CompileCache.ExpressionOutcome first = cache.expression("{ 'a': 1 ");
        CompileCache.ExpressionOutcome second = cache.expression("{ 'a': 1 ");

        assertThat(first.ok()).isFalse();
        assertThat(first.errorMessage()).contains("Invalid JSONata");
        assertThat(second).isSameAs(first);
    }

    @Test
    void expression_whenSourceCompiles_reportsOk() {
        assertThat(new CompileCache(10).expression("input.total > 100").ok()).isTrue();
    }

    @Test
    void template_whenParsed_keepsPartsInOrder() {
        CompileCache.TemplateOutcome t = new CompileCache(10).template("https://x.example.com/{{ input.id }}?q={{ input.q }}");

        assertThat(t.ok()).isTrue();
        assertThat(t.expressionSources()).containsExactly("input.id", "input.q");
        assertThat(t.withPlaceholders("_")).isEqualTo("https://x.example.com/_?q=_");
    }

    @Test
    void template_whenUnclosed_reportsPosition() {
        CompileCache.TemplateOutcome t = new CompileCache(10).template("abc {{ input");

        assertThat(t.ok()).isFalse();
        assertThat(t.errorPosition()).isEqualTo(4);
    }

    @Test
    void expression_whenMoreSourcesThanEntries_evictsTheLeastRecentlyUsed() {
        CompileCache cache = new CompileCache(2);
        CompileCache.ExpressionOutcome a = cache.expression("(");
        CompileCache.ExpressionOutcome b = cache.expression("((");
        cache.expression("(");
        cache.expression("(((");

        assertThat(cache.expression("(")).as("recently used, kept").isSameAs(a);
        assertThat(cache.expression("((")).as("evicted, compiled again").isNotSameAs(b).isEqualTo(b);
    }

    @Test
    void expression_whenSourceIsVeryLong_isNotPinnedInTheCache() {
        CompileCache cache = new CompileCache(10);
        String longSource = "(" + "1 + ".repeat(CompileCache.MAX_CACHED_SOURCE_LENGTH) + "1";

        CompileCache.ExpressionOutcome first = cache.expression(longSource);
        CompileCache.ExpressionOutcome second = cache.expression(longSource);

        assertThat(second).isNotSameAs(first).isEqualTo(first);
    }
}
