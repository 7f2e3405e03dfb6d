package com.wfp.workflow.expression;

import com.wfp.workflow.error.DomainException;

/**
 * An expression failed while it was evaluated: a runtime error in the expression, or it exceeded
 * its time, depth or value-size bound. Codes: {@code expression.timeout}, {@code expression.depth},
 * {@code expression.value-too-large}, {@code expression.evaluation}.
 */
public final class ExpressionEvaluationException extends DomainException {

    public ExpressionEvaluationException(String code, String message, String hint, Throwable cause) {
        super(code, 500, message, hint, cause);
    }
}
