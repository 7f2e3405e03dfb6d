package com.wfp.workflow.expression;

/**
 * How large a value one expression may build: characters in one string and items in one array.
 * Checked on every intermediate result and, before the work is done, by the built-in functions
 * that can multiply a value's size in one call ({@code $pad}, {@code $join}, {@code $string},
 * {@code $replace}), so a hostile expression fails fast instead of filling the heap or holding a
 * core inside one call.
 *
 * @param maxStringChars longest string an expression may produce
 * @param maxItems       longest array an expression may produce
 */
public record ValueLimits(int maxStringChars, int maxItems) {

    /** 16 million characters, 1 million items: far above what a workflow answer carries. */
    public static ValueLimits defaults() {
        return new ValueLimits(16_000_000, 1_000_000);
    }

    public ValueLimits {
        if (maxStringChars <= 0 || maxItems <= 0) {
            throw new IllegalArgumentException("Value limits must be positive: maxStringChars=" + maxStringChars
                    + ", maxItems=" + maxItems);
        }
    }

    void checkString(long chars) {
        if (chars > maxStringChars) {
            throw new TooLarge("a string of " + chars + " characters", "at most " + maxStringChars + " characters");
        }
    }

    void checkItems(long items) {
        if (items > maxItems) {
            throw new TooLarge("an array of " + items + " items", "at most " + maxItems + " items");
        }
    }

    /** A value over a limit; {@link ExpressionEvaluator} turns it into the domain error. */
    static final class TooLarge extends RuntimeException {
        final String what;
        final String limit;

        TooLarge(String what, String limit) {
            super(what + " (limit " + limit + ")", null, false, false);
            this.what = what;
            this.limit = limit;
        }
    }
}
