package com.wfp.workflow.expression;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.Jsonata;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in functions that can multiply a value's size in one call, rebound per evaluation so
 * that they check the {@link ValueLimits} before doing the work. Inside the library each is one
 * call with no evaluation steps, so neither the time bound nor the size check on results could
 * stop it: {@code $pad('', 2000000000)} would hold a core for minutes and then fill the heap.
 * Results are the library's own for every input within the limits.
 */
final class BoundedFunctions {

    /**
     * The evaluation running on this thread: the function objects below are built once, because building one
     * parses its signature into a regular expression (several microseconds each, on every evaluation), and
     * each call finds its evaluation's bounds here. The library calls functions on the evaluating thread.
     */
    private static final ThreadLocal<EvaluationBudget> CURRENT = new ThreadLocal<>();

    private static final Jsonata.JFunction PAD = Jsonata.function("pad",
            (Jsonata.Fn3<String, Number, String, String>) (text, width, padding) ->
                    pad(current().limits(), text, width, padding),
            "<s-ns?:s>");
    private static final Jsonata.JFunction JOIN = Jsonata.function("join",
            (Jsonata.Fn2<List<String>, String, String>) (strings, separator) ->
                    join(current().limits(), strings, separator),
            "<a<s>s?:s>");
    private static final Jsonata.JFunction STRING = Jsonata.function("string",
            (Jsonata.Fn2<Object, Boolean, String>) (value, prettify) -> string(current(), value, prettify),
            "<x-b?:s>");
    private static final Jsonata.JFunction REPLACE = Jsonata.function("replace",
            (Jsonata.Fn4<String, Object, Object, Number, String>) (text, pattern, replacement, limit) ->
                    replace(current().limits(), text, pattern, replacement, limit),
            "<s-(sf)(sf)n?:s>");

    private BoundedFunctions() {
    }

    /**
     * Binds the bounded functions into {@code frame} and makes {@code budget} the one they check on this thread
     * until the returned scope closes (which restores the evaluation that was running before, if any).
     */
    static Scope bind(Jsonata.Frame frame, EvaluationBudget budget) {
        frame.bind("pad", PAD);
        frame.bind("join", JOIN);
        frame.bind("string", STRING);
        frame.bind("replace", REPLACE);
        EvaluationBudget previous = CURRENT.get();
        CURRENT.set(budget);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** Ends an evaluation's hold on this thread's bounded functions. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static EvaluationBudget current() {
        EvaluationBudget budget = CURRENT.get();
        if (budget == null) {
            throw new IllegalStateException("A bounded function was called outside an evaluation");
        }
        return budget;
    }

    /** JSONata's {@code $pad}, in linear time: the padding is built once, not grown one piece at a time. */
    static String pad(ValueLimits limits, String text, Number width, String padding) {
        if (text == null) {
            return null;
        }
        if (Math.abs(width.doubleValue()) > limits.maxStringChars()) {
            limits.checkString((long) Math.abs(width.doubleValue()));
        }
        String unit = padding == null || padding.isEmpty() ? " " : padding;
        int target = Math.abs(width.intValue());
        int length = text.codePointCount(0, text.length());
        int missing = target - length;
        if (missing <= 0) {
            return text;
        }
        StringBuilder fill = new StringBuilder(missing);
        int[] points = unit.codePoints().toArray();
        for (int i = 0; i < missing; i++) {
            fill.appendCodePoint(points[i % points.length]);
        }
        return width.intValue() > 0 ? text + fill : fill + text;
    }

    static String join(ValueLimits limits, List<String> strings, String separator) {
        if (strings == null) {
            return null;
        }
        String between = separator == null ? "" : separator;
        long total = (long) between.length() * Math.max(0, strings.size() - 1);
        for (String s : strings) {
            total += s == null ? 0 : s.length();
        }
        limits.checkString(total);
        return Functions.join(strings, separator);
    }

    static String string(EvaluationBudget budget, Object value, Boolean prettify) {
        ValueLimits limits = budget.limits();
        if (!(value instanceof String)) {
            // Shared references let a small expression build a value whose text is exponentially long.
            limits.checkString(textSizeUpTo(value, limits.maxStringChars() + 1L, budget));
        }
        return Functions.string(value, prettify);
    }

    static String replace(ValueLimits limits, String text, Object pattern, Object replacement, Number limit) {
        if (text == null) {
            return null;
        }
        Integer count = limit == null ? null : limit.intValue();
        if (replacement instanceof String with && !with.isEmpty()) {
            long worst = text.length() + (long) (text.length() + 1) * with.length();
            if (worst > limits.maxStringChars()) {
                long room = (limits.maxStringChars() - (long) text.length()) / with.length() + 1;
                long matches = Math.min(matchesUpTo(text, pattern, room), count == null ? Long.MAX_VALUE : count);
                limits.checkString(text.length() + matches * with.length());
            }
        }
        return Functions.replace(text, pattern, replacement, count);
    }

    /** How many times the pattern matches, counting no further than {@code cap}. */
    private static long matchesUpTo(String text, Object pattern, long cap) {
        long found = 0;
        if (pattern instanceof String literal) {
            if (literal.isEmpty()) {
                return 0;
            }
            for (int at = text.indexOf(literal); at >= 0 && found < cap; at = text.indexOf(literal, at + literal.length())) {
                found++;
            }
            return found;
        }
        if (pattern instanceof Pattern regex) {
            Matcher matcher = regex.matcher(text);
            while (found < cap && matcher.find()) {
                found++;
            }
        }
        return found;
    }

    /**
     * About the length of the value's JSON text, or {@code cap} as soon as it reaches it: walks at most
     * about {@code cap} values, so a value built from shared references cannot make this walk long.
     * {@code size[0]} is the text so far, {@code size[1]} the values visited.
     */
    static long textSizeUpTo(Object value, long cap, EvaluationBudget budget) {
        long[] size = {0, 0};
        walk(value, size, cap, budget);
        return Math.min(size[0], cap);
    }

    private static void walk(Object value, long[] size, long cap, EvaluationBudget budget) {
        if (size[0] >= cap) {
            return;
        }
        if (++size[1] % 4096 == 0) {
            budget.checkTime();
        }
        if (value instanceof String s) {
            size[0] += s.length() + 2;
        } else if (value instanceof Map<?, ?> map) {
            size[0] += 2;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                size[0] += String.valueOf(e.getKey()).length() + 4;
                walk(e.getValue(), size, cap, budget);
                if (size[0] >= cap) {
                    return;
                }
            }
        } else if (value instanceof List<?> list) {
            size[0] += 2;
            for (Object item : list) {
                size[0] += 1;
                walk(item, size, cap, budget);
                if (size[0] >= cap) {
                    return;
                }
            }
        } else {
            size[0] += 4;
        }
    }
}
