package com.wfp.workflow.validation;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

import java.util.regex.Pattern;

/**
 * JSON Schema {@code pattern}s evaluated with the JDK regex engine under a time budget. A schema
 * is user input: a pattern such as {@code (a+)+$} backtracks exponentially on a matching
 * example, and without a bound one document could keep a validation thread busy for hours.
 * The budget is enforced by the subject text itself, which checks the clock while the matcher
 * reads it.
 */
final class BoundedRegularExpressions implements RegularExpressionFactory {

    /** Thrown out of the matcher when a match runs over its budget. */
    static final class TooSlowException extends RuntimeException {
        TooSlowException(String pattern, long budgetMillis) {
            super("the pattern '" + pattern + "' took longer than " + budgetMillis
                    + " ms to match (it backtracks catastrophically)", null, false, false);
        }
    }

    private final long budgetNanos;

    BoundedRegularExpressions(long budgetMillis) {
        this.budgetNanos = budgetMillis * 1_000_000;
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return value -> pattern.matcher(new Deadline(value, System.nanoTime() + budgetNanos, regex, budgetNanos)).find();
    }

    /** A string that fails the match once its deadline has passed; checks the clock every 1024 reads. */
    private static final class Deadline implements CharSequence {
        private final CharSequence text;
        private final long deadline;
        private final String pattern;
        private final long budgetNanos;
        private int reads;

        Deadline(CharSequence text, long deadline, String pattern, long budgetNanos) {
            this.text = text;
            this.deadline = deadline;
            this.pattern = pattern;
            this.budgetNanos = budgetNanos;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 1023) == 0 && System.nanoTime() > deadline) {
                throw new TooSlowException(pattern, budgetNanos / 1_000_000);
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadline(text.subSequence(start, end), deadline, pattern, budgetNanos);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
