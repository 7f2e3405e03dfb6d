package com.wfp.workflow.expression;

import com.dashjoin.jsonata.Functions;
import com.wfp.workflow.RandomCases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bounds that stop the work, not just the wait: sizes checked before a built-in does the work, CPU time on platform threads. */
class ExpressionBoundsTest {

    private final ExpressionEvaluator evaluator = new ExpressionEvaluator(1_000, 300);
    private final Map<String, Object> context = Map.of("input", Map.of("n", 4, "name", "Ada"));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "$pad('', 2000000000)",
            "$pad('x', -100000000, '#')",
            "$join([$pad('', 9000000), $pad('', 9000000)])",
            "$replace($pad('', 1000, 'a'), 'a', $pad('', 100000))",
            "$replace($pad('', 1000, 'a'), /a/, $pad('', 100000))",
            "($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $f('ab', 40))",
            "($f := function($n){ $n = 0 ? [[1]] : ($x := $f($n - 1); [[$x], [$x]]) }; $string($f(60)))",
            "($f := function($n){ $n = 0 ? {'a': 1} : ($x := $f($n - 1); {'l': $x, 'r': $x}) }; $f(60))",
            "$count([1..5000000])"
    })
    void evaluate_whenTheExpressionBuildsAHugeValue_failsFastNamingTheLimit(String source) {
        // A generous CPU bound: under a loaded CI machine's GC the size limit must still be what stops these.
        ExpressionEvaluator sizeBound = new ExpressionEvaluator(5_000, 300);
        long start = System.nanoTime();
        assertThatThrownBy(() -> sizeBound.evaluate(Expression.compile(source), context, null))
                .isInstanceOfSatisfying(ExpressionEvaluationException.class, e -> {
                    assertThat(e.code()).isEqualTo("expression.value-too-large");
                    assertThat(e.getMessage()).contains("may build at most");
                    assertThat(e.hint()).isNotBlank();
                });
        // Milliseconds on a quiet machine; the slack is for a loaded CI machine. Unbounded, these took minutes.
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms until the error").isLessThan(10_000);
    }

    @Test
    void evaluate_whenAnExpressionLoopsForever_stopsOnceItHasUsedTheBound() {
        ExpressionEvaluator quick = new ExpressionEvaluator(300, 300);
        long start = System.nanoTime();
        assertThatThrownBy(() -> quick.evaluate(Expression.compile("($f := function($n){ $f($n + 1) }; $f(0))"), context, null))
                .isInstanceOfSatisfying(ExpressionEvaluationException.class, e -> assertThat(e.code()).isEqualTo("expression.timeout"));
        // The bound counts CPU time: on a loaded machine the wall time to reach it grows, never shrinks.
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms until stopped").isBetween(300L, 10_000L);
    }

    @Test
    void evaluate_onAPlatformThread_whenTheThreadWaitsRatherThanWorks_doesNotCountTheWait() throws Exception {
        ExpressionEvaluator quick = new ExpressionEvaluator(200, 300);
        // $secret blocks the thread for 400 ms without using a core, then the expression goes on working; the
        // workflow has 5 s left, so only the expression's own bound can stop it.
        Object slowSecret = ExpressionEvaluator.secretBinding(name -> {
            sleep(400);
            return "s";
        });
        String source = "($x := $secret('k'); $sum($map([1..2000], function($v){ $v })) & $x)";
        AtomicReference<Object> onPlatform = new AtomicReference<>();
        Thread platform = Thread.ofPlatform().start(() -> {
            try {
                onPlatform.set(quick.evaluate(Expression.compile(source), context, slowSecret, 5_000));
            } catch (Throwable t) {
                onPlatform.set(t);
            }
        });
        platform.join();
        assertThat(onPlatform.get()).isEqualTo("2001000s");

        AtomicReference<Throwable> onVirtual = new AtomicReference<>();
        Thread virtual = Thread.ofVirtual().start(() -> {
            try {
                quick.evaluate(Expression.compile(source), context, slowSecret, 5_000);
            } catch (Throwable t) {
                onVirtual.set(t);
            }
        });
        virtual.join();
        assertThat(onVirtual.get()).as("no CPU clock on virtual threads: wall time counts")
                .isInstanceOfSatisfying(ExpressionEvaluationException.class, e -> assertThat(e.code()).isEqualTo("expression.timeout"));
    }

    @Test
    void evaluate_whenTheWorkflowHasLessTimeLeftThanTheBound_stopsAtTheBudgetInWallTime() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> evaluator.evaluate(Expression.compile("($f := function($n){ $f($n + 1) }; $f(0))"), context, null, 150))
                .isInstanceOfSatisfying(ExpressionEvaluationException.class, e -> {
                    assertThat(e.code()).isEqualTo("expression.timeout");
                    assertThat(e.getMessage()).contains("150 ms");
                });
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    }

    static Stream<Long> seeds() {
        return RandomCases.seeds(300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void boundedBuiltIns_withinTheLimits_answerAsTheLibraryDoes(long seed) {
        Random random = new Random(seed);
        String alphabet = "ab é€😀-";
        String text = randomText(random, alphabet, random.nextInt(12));
        String padding = random.nextBoolean() ? null : randomText(random, alphabet, random.nextInt(4));
        int width = random.nextInt(41) - 20;
        ValueLimits limits = ValueLimits.defaults();
        assertThat(BoundedFunctions.pad(limits, text, width, padding)).isEqualTo(Functions.pad(text, width, padding));

        List<String> parts = Stream.generate(() -> randomText(random, alphabet, random.nextInt(5))).limit(random.nextInt(5)).toList();
        String separator = random.nextBoolean() ? null : randomText(random, alphabet, 2);
        assertThat(BoundedFunctions.join(limits, parts, separator)).isEqualTo(Functions.join(parts, separator));

        String replacement = randomText(random, alphabet, random.nextInt(3));
        assertThat(BoundedFunctions.replace(limits, text, "a", replacement, null))
                .isEqualTo(Functions.replace(text, "a", replacement, null));

        Object value = Map.of("k", List.of(text, width, Map.of("p", parts)));
        assertThat(evaluator.evaluate(Expression.compile("$string(input)"), Map.of("input", value), null))
                .isEqualTo(Functions.string(value, false));
    }

    private static String randomText(Random random, String alphabet, int codePoints) {
        int[] points = alphabet.codePoints().toArray();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            text.appendCodePoint(points[random.nextInt(points.length)]);
        }
        return text.toString();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
