package com.wfp.workflow.expression;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;

import java.util.Objects;

/**
 * A compiled JSONata expression. Compiling is the expensive part, so a release compiles each
 * expression once and evaluates it many times. The compiled form is shared between threads
 * (dashjoin's Jsonata evaluates per thread through its own per-thread instances).
 */
public final class Expression {

    private final String source;
    private final Jsonata compiled;

    private Expression(String source, Jsonata compiled) {
        this.source = source;
        this.compiled = compiled;
    }

    /**
     * Compiles a JSONata expression.
     *
     * @throws ExpressionSyntaxException with the position and the parser's message when it does not parse
     */
    public static Expression compile(String source) {
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new ExpressionSyntaxException("The expression is empty", 0, null);
        }
        try {
            return new Expression(source, Jsonata.jsonata(source));
        } catch (JException e) {
            throw new ExpressionSyntaxException("Invalid JSONata: " + describe(e), e.getLocation(), e);
        } catch (RuntimeException e) {
            // The parser reports some malformed input with plain runtime exceptions.
            throw new ExpressionSyntaxException("Invalid JSONata: " + e.getMessage(), -1, e);
        }
    }

    public String source() {
        return source;
    }

    /** The compiled dashjoin expression, for the evaluator. */
    public Jsonata compiled() {
        return compiled;
    }

    /** Whether the expression text calls the given function, such as {@code $eval}. */
    public boolean mentionsFunction(String name) {
        return source.contains(name + "(") || source.matches("(?s).*" + java.util.regex.Pattern.quote(name) + "\\s*\\(.*");
    }

    static String describe(JException e) {
        String message = e.getMessage();
        return message == null ? String.valueOf(e.getError()) : message;
    }

    @Override
    public String toString() {
        return source;
    }
}
