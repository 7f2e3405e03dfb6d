package com.wfp.workflow.expression;

import java.util.ArrayList;
import java.util.List;

/**
 * A string with embedded expressions: {@code "https://crm.example.com/customers/{{ input.id }}"}.
 * Parsing splits it into literal text and compiled {@link Expression}s; a template without
 * {@code {{}} is static and costs nothing to render.
 */
public final class Template {

    /** One piece of a template: literal text, or an expression (never both). */
    public record Part(String literal, Expression expression) {
        public boolean isExpression() {
            return expression != null;
        }
    }

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses a template.
     *
     * @throws ExpressionSyntaxException when a {@code {{} is not closed or an embedded expression does not parse;
     *                                   the position is within the template string
     */
    public static Template parse(String source) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            int open = source.indexOf("{{", i);
            if (open < 0) {
                parts.add(new Part(source.substring(i), null));
                break;
            }
            if (open > i) {
                parts.add(new Part(source.substring(i, open), null));
            }
            int close = source.indexOf("}}", open + 2);
            if (close < 0) {
                throw new ExpressionSyntaxException("A '{{' at character " + open + " is never closed with '}}'", open, null);
            }
            String inner = source.substring(open + 2, close).trim();
            if (inner.isEmpty()) {
                throw new ExpressionSyntaxException("Empty expression '{{ }}' at character " + open, open, null);
            }
            try {
                parts.add(new Part(null, Expression.compile(inner)));
            } catch (ExpressionSyntaxException e) {
                throw new ExpressionSyntaxException("In '{{ " + inner + " }}' at character " + open + ": " + e.getMessage(),
                        open, e);
            }
            i = close + 2;
        }
        return new Template(source, parts);
    }

    /** Whether the text contains template markers at all (cheap check before parsing). */
    public static boolean hasExpressions(String text) {
        return text != null && text.contains("{{");
    }

    public String source() {
        return source;
    }

    public List<Part> parts() {
        return parts;
    }

    public boolean isStatic() {
        return parts.stream().noneMatch(Part::isExpression);
    }

    /** The template with every expression replaced by a placeholder, for static checks of URLs. */
    public String withPlaceholders(String placeholder) {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            sb.append(p.isExpression() ? placeholder : p.literal());
        }
        return sb.toString();
    }
}
