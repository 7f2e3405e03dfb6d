package com.wfp.workflow.expression;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.wfp.workflow.error.DomainException;


/**
 * Evaluates compiled {@link Expression}s and {@link Template}s with bounds on time and depth, so
 * that a runaway expression (infinite recursion, a huge loop) ends with a clear error rather than
 * holding a thread. Thread-safe; one per engine.
 */
public final class ExpressionEvaluator {

    private static final String SECRET_FUNCTION = "secret";
    private static final String LIBRARY_PREFIX = "JSonataException ";

    private final long timeoutMs;
    private final int maxDepth;
    private final ValueLimits limits;

    /**
     * @param timeoutMs longest time one evaluation may take: time on a core where the evaluating thread's CPU
     *                  clock is measurable (platform threads), else wall time
     * @param maxDepth  deepest evaluation stack (nested calls) one evaluation may reach
     * @param limits    largest string and array one evaluation may build
     */
    public ExpressionEvaluator(long timeoutMs, int maxDepth, ValueLimits limits) {
        if (timeoutMs <= 0 || maxDepth <= 0) {
            throw new IllegalArgumentException("Expression bounds must be positive: timeoutMs=" + timeoutMs + ", maxDepth=" + maxDepth);
        }
        this.timeoutMs = timeoutMs;
        this.maxDepth = maxDepth;
        this.limits = limits;
    }

    /** With the default {@link ValueLimits}. */
    public ExpressionEvaluator(long timeoutMs, int maxDepth) {
        this(timeoutMs, maxDepth, ValueLimits.defaults());
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    public int maxDepth() {
        return maxDepth;
    }

    /** A {@code $secret} binding for one execution, created once and reused by every evaluation in it. */
    public static Object secretBinding(SecretFunction secrets) {
        return Jsonata.function(SECRET_FUNCTION, (Jsonata.Fn1<String, String>) secrets::secret, "<s:s>");
    }

    /**
     * Evaluates an expression against a context of plain values.
     *
     * @param secretBinding the result of {@link #secretBinding}, or null when {@code $secret} is not available
     * @param budgetMs      the caller's remaining wall time (what is left of the workflow's); the evaluation
     *                      stops at whichever of it and the expression's own bound comes first
     * @return the plain result (Map, List, Number, String, Boolean) or null when the expression yields nothing
     * @throws ExpressionEvaluationException when evaluation fails or exceeds a bound
     * @throws DomainException               thrown by a bound function such as {@code $secret}, unchanged
     */
    public Object evaluate(Expression expression, Object context, Object secretBinding, long budgetMs) {
        Jsonata compiled = expression.compiled();
        long budget = Math.max(1, budgetMs);
        EvaluationBudget bounds = new EvaluationBudget(timeoutMs, budget, maxDepth, limits);
        Jsonata.Frame frame = compiled.createFrame();
        bounds.install(frame);
        try (BoundedFunctions.Scope ignored = BoundedFunctions.bind(frame, bounds)) {
            if (secretBinding != null) {
                frame.bind(SECRET_FUNCTION, secretBinding);
            }
            Object result = compiled.evaluate(context, frame);
            return result == Jsonata.NULL_VALUE ? null : result;
        } catch (StackOverflowError e) {
            throw depthExceeded(expression, e);
        } catch (EvaluationBudget.BoundExceeded | ValueLimits.TooLarge e) {
            throw boundError(expression, e, bounds, budget);
        } catch (RuntimeException e) {
            DomainException domain = domainCause(e);
            if (domain != null) {
                throw domain;
            }
            RuntimeException bound = boundCause(e);
            if (bound != null) {
                throw boundError(expression, bound, bounds, budget);
            }
            throw translate(expression, e, Math.min(timeoutMs, budget));
        }
    }

    private ExpressionEvaluationException boundError(Expression expression, RuntimeException e, EvaluationBudget bounds,
                                                     long budgetMs) {
        if (e instanceof ValueLimits.TooLarge tooLarge) {
            return new ExpressionEvaluationException("expression.value-too-large",
                    "The expression '" + abbreviate(expression.source()) + "' built " + tooLarge.what
                            + "; one expression may build " + tooLarge.limit,
                    "Work on smaller pieces of data, or check the numbers given to $pad, $join, $replace or a range.", e);
        }
        EvaluationBudget.BoundExceeded exceeded = (EvaluationBudget.BoundExceeded) e;
        return switch (exceeded.kind) {
            case DEPTH -> depthExceeded(expression, e);
            case TIME -> timeout(expression, timeoutMs + " ms" + (bounds.countsCpuTime() ? " of CPU time" : ""), e);
            case BUDGET -> timeout(expression, budgetMs + " ms (what was left of the workflow's time)", e);
        };
    }

    private static ExpressionEvaluationException timeout(Expression expression, String bound, Throwable e) {
        return new ExpressionEvaluationException("expression.timeout",
                "The expression '" + abbreviate(expression.source()) + "' ran longer than " + bound + " and was stopped",
                "Look for an infinite loop or unbounded recursion, or reduce the data the expression iterates over.", e);
    }

    private static RuntimeException boundCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EvaluationBudget.BoundExceeded || t instanceof ValueLimits.TooLarge) {
                return (RuntimeException) t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** Evaluates with the full time bound. */
    public Object evaluate(Expression expression, Object context, Object secretBinding) {
        return evaluate(expression, context, secretBinding, timeoutMs);
    }

    /**
     * Renders a template. A template that is exactly one {@code {{ expr }}} yields the expression's value
     * with its type; otherwise the parts are concatenated as text.
     */
    public Object render(Template template, Object context, Object secretBinding, long budgetMs) {
        var parts = template.parts();
        if (parts.size() == 1) {
            Template.Part only = parts.get(0);
            return only.isExpression() ? evaluate(only.expression(), context, secretBinding, budgetMs) : only.literal();
        }
        return renderText(template, context, secretBinding, budgetMs);
    }

    /** Renders a template as text: expression values are written as text (strings as they are, others as JSON). */
    public String renderText(Template template, Object context, Object secretBinding, long budgetMs) {
        StringBuilder text = new StringBuilder();
        long deadline = System.nanoTime() + budgetMs * 1_000_000L;
        for (Template.Part part : template.parts()) {
            if (part.isExpression()) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
                text.append(JsonValues.toText(evaluate(part.expression(), context, secretBinding, left)));
            } else {
                text.append(part.literal());
            }
        }
        return text.toString();
    }

    private ExpressionEvaluationException translate(Expression expression, RuntimeException e, long bound) {
        String message = libraryMessage(e);
        if (message.contains("evaluation timeout")) {
            return timeout(expression, bound + " ms", e);
        }
        if (message.contains("Stack overflow")) {
            return depthExceeded(expression, e);
        }
        String code = e instanceof JException j && j.getError() != null ? " (" + j.getError() + ")" : "";
        return new ExpressionEvaluationException("expression.evaluation",
                "The expression '" + abbreviate(expression.source()) + "' failed: " + message + code,
                "Check the expression against the data it reads (input, request, nodes.<id>); see https://docs.jsonata.org.", e);
    }

    private ExpressionEvaluationException depthExceeded(Expression expression, Throwable e) {
        return new ExpressionEvaluationException("expression.depth",
                "The expression '" + abbreviate(expression.source()) + "' nested deeper than " + maxDepth
                        + " levels (non-terminating recursion?) and was stopped",
                "Give the recursive function a terminating condition, or rewrite it as tail recursion.", e);
    }

    private static String libraryMessage(Throwable e) {
        String message = e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        return message.startsWith(LIBRARY_PREFIX) ? message.substring(LIBRARY_PREFIX.length()) : message;
    }

    private static DomainException domainCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DomainException d) {
                return d;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    static String abbreviate(String source) {
        String oneLine = source.replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
