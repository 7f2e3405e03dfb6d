package com.wfp.workflow.validation;

import com.wfp.workflow.expression.Expression;
import com.wfp.workflow.expression.ExpressionSyntaxException;
import com.wfp.workflow.expression.Template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers, across validation runs, whether each JSONata expression and {@code {{ }}} template
 * source compiles, and where it fails when it does not.
 *
 * <p>Why: compiling JSONata with the dashjoin library costs from tens of microseconds to over a
 * millisecond per expression (its tokenizer compiles regular expressions per token), which
 * dominates validation. The designer validates the same workflow again after every edit, and
 * an edit changes few expressions, so most sources are seen again. Only the outcome is kept
 * (a few strings per entry, never a compiled expression), in a bounded least-recently-used map.
 */
final class CompileCache {

    /** The outcome of compiling one JSONata source. */
    record ExpressionOutcome(String errorMessage, int errorPosition) {
        static final ExpressionOutcome OK = new ExpressionOutcome(null, -1);

        boolean ok() {
            return errorMessage == null;
        }
    }

    /**
     * The outcome of parsing one template: its literal and expression parts in order (an
     * expression part is marked by {@code expression = true}), or the error.
     */
    record TemplateOutcome(List<Part> parts, String errorMessage, int errorPosition) {
        record Part(String text, boolean expression) {
        }

        boolean ok() {
            return errorMessage == null;
        }

        /** The template with each expression replaced by {@code placeholder}. */
        String withPlaceholders(String placeholder) {
            StringBuilder sb = new StringBuilder();
            for (Part p : parts) {
                sb.append(p.expression() ? placeholder : p.text());
            }
            return sb.toString();
        }

        List<String> expressionSources() {
            List<String> sources = new ArrayList<>();
            for (Part p : parts) {
                if (p.expression()) {
                    sources.add(p.text());
                }
            }
            return sources;
        }
    }

    static final int MAX_ENTRIES = 20_000;
    /** Sources longer than this are compiled every time rather than pinned in memory. */
    static final int MAX_CACHED_SOURCE_LENGTH = 4_096;

    static final CompileCache SHARED = new CompileCache(MAX_ENTRIES);

    private final Map<String, ExpressionOutcome> expressions;
    private final Map<String, TemplateOutcome> templates;

    CompileCache(int maxEntries) {
        this.expressions = lru(maxEntries);
        this.templates = lru(maxEntries);
    }

    private static <V> Map<String, V> lru(int maxEntries) {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    ExpressionOutcome expression(String source) {
        ExpressionOutcome cached = get(expressions, source);
        if (cached != null) {
            return cached;
        }
        ExpressionOutcome outcome;
        try {
            Expression.compile(source);
            outcome = ExpressionOutcome.OK;
        } catch (ExpressionSyntaxException e) {
            outcome = new ExpressionOutcome(e.getMessage(), e.position());
        }
        put(expressions, source, outcome);
        return outcome;
    }

    TemplateOutcome template(String source) {
        TemplateOutcome cached = get(templates, source);
        if (cached != null) {
            return cached;
        }
        TemplateOutcome outcome;
        try {
            Template t = Template.parse(source);
            List<TemplateOutcome.Part> parts = new ArrayList<>();
            for (Template.Part p : t.parts()) {
                parts.add(p.isExpression() ? new TemplateOutcome.Part(p.expression().source(), true)
                        : new TemplateOutcome.Part(p.literal(), false));
            }
            outcome = new TemplateOutcome(List.copyOf(parts), null, -1);
        } catch (ExpressionSyntaxException e) {
            outcome = new TemplateOutcome(List.of(), e.getMessage(), e.position());
        }
        put(templates, source, outcome);
        return outcome;
    }

    private static <V> V get(Map<String, V> map, String source) {
        synchronized (map) {
            return map.get(source);
        }
    }

    private static <V> void put(Map<String, V> map, String source, V value) {
        if (source.length() > MAX_CACHED_SOURCE_LENGTH) {
            return;
        }
        synchronized (map) {
            map.put(source, value);
        }
    }
}
