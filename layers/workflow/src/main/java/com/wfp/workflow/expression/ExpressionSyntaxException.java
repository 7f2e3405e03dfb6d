package com.wfp.workflow.expression;

import com.wfp.workflow.error.DomainException;

/** A JSONata expression or a {@code {{ }}} template that does not parse. */
public final class ExpressionSyntaxException extends DomainException {

    private final int position;

    public ExpressionSyntaxException(String message, int position, Throwable cause) {
        super("expression.syntax", 422, message,
                "Correct the expression near character " + Math.max(position, 0)
                        + "; see https://docs.jsonata.org for JSONata syntax.", cause);
        this.position = position;
    }

    /** 0-based character position of the problem in the expression, or -1 when unknown. */
    public int position() {
        return position;
    }
}
