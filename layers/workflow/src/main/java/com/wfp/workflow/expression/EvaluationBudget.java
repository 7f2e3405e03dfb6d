package com.wfp.workflow.expression;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Parser;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;

/**
 * The bounds of one evaluation, checked by the library's entry and exit callbacks: nesting depth,
 * time, and the size of every value the evaluation builds.
 *
 * <p>Time has two limits. The expression's own bound counts the time the evaluating thread spent
 * on a core where the JVM can tell (platform threads), so a loaded machine does not turn a correct
 * expression into a timeout; the JDK has no CPU clock for virtual threads, so there it counts wall
 * time. The caller's budget (what is left of the workflow's time) always counts wall time. Wall
 * time is read every few evaluation steps (tens of nanoseconds); the CPU clock (a system call of about
 * half a microsecond) at the first of those checks, and then at most once a millisecond once the wall
 * bound has passed. Most expressions end before their first check and never read it: the few
 * microseconds before the first check go uncounted, against a bound of a second.
 *
 * <p>Not thread-safe: one per evaluation, on the evaluating thread. Every entry is counted,
 * including the library's {@code isParallelCall} frames: the library evaluates them on the same
 * thread, and it flips that flag on a frame between an entry and its exit, so skipping them
 * would unbalance the depth.
 */
final class EvaluationBudget implements Jsonata.EntryCallback, Jsonata.ExitCallback {

    private static final int CHECK_EVERY = 16;
    private static final long CPU_READ_INTERVAL_NANOS = 1_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long boundNanos;
    private final long budgetNanos;
    private final int maxDepth;
    private final ValueLimits limits;
    private final long startNanos = System.nanoTime();
    /** Whether the thread has a CPU clock the JDK reads (a platform thread). */
    private boolean cpuClock;
    /** The thread's CPU clock at the first check; read then, not at the start (see above). */
    private long cpuAtStart = -1;

    private int depth;
    /** The whole expression: the first symbol evaluated, whose exit carries the final result. */
    private Parser.Symbol root;
    private int ticks;
    private long wallAtLastCpuRead = -CPU_READ_INTERVAL_NANOS;

    /**
     * @param boundMs  the expression's bound: time on a core where measurable
     * @param budgetMs the caller's remaining wall time
     */
    EvaluationBudget(long boundMs, long budgetMs, int maxDepth, ValueLimits limits) {
        this.boundNanos = boundMs * 1_000_000L;
        this.budgetNanos = budgetMs * 1_000_000L;
        this.maxDepth = maxDepth;
        this.limits = limits;
        this.cpuClock = !Thread.currentThread().isVirtual();
    }

    void install(Jsonata.Frame frame) {
        frame.setEvaluateEntryCallback(this);
        frame.setEvaluateExitCallback(this);
    }

    ValueLimits limits() {
        return limits;
    }

    @Override
    public void callback(Parser.Symbol expression, Object input, Jsonata.Frame environment) {
        if (root == null) {
            root = expression;
        }
        if (++depth > maxDepth) {
            throw new BoundExceeded(BoundExceeded.Kind.DEPTH);
        }
        if (++ticks % CHECK_EVERY == 0) {
            checkTime();
        }
    }

    @Override
    public void callback(Parser.Symbol expression, Object input, Jsonata.Frame environment, Object result) {
        depth--;
        if (result instanceof String s) {
            limits.checkString(s.length());
        } else if (result instanceof List<?> list) {
            limits.checkItems(list.size());
        }
        if (expression == root && (result instanceof List<?> || result instanceof Map<?, ?>)) {
            // The final result, before the library walks it and before anyone serializes it: shared
            // references let a small expression build a value whose text is exponentially long.
            limits.checkString(BoundedFunctions.textSizeUpTo(result, limits.maxStringChars() + 1L, this));
        }
    }

    /** Called every few evaluation steps, and by bound functions between chunks of their own work. */
    void checkTime() {
        if (cpuClock && cpuAtStart < 0) {
            cpuAtStart = THREADS.getCurrentThreadCpuTime();
            // -1: this JVM does not measure thread CPU time; wall time it is.
            cpuClock = cpuAtStart >= 0;
        }
        long wall = System.nanoTime() - startNanos;
        if (wall > budgetNanos) {
            throw new BoundExceeded(BoundExceeded.Kind.BUDGET);
        }
        if (wall <= boundNanos) {
            return;
        }
        if (!cpuClock) {
            throw new BoundExceeded(BoundExceeded.Kind.TIME);
        }
        if (wall - wallAtLastCpuRead < CPU_READ_INTERVAL_NANOS) {
            return;
        }
        wallAtLastCpuRead = wall;
        if (THREADS.getCurrentThreadCpuTime() - cpuAtStart > boundNanos) {
            throw new BoundExceeded(BoundExceeded.Kind.TIME);
        }
    }

    /** Whether the expression's bound counts CPU time (for the error message). */
    boolean countsCpuTime() {
        return cpuClock;
    }

    /** A bound was crossed; {@link ExpressionEvaluator} turns it into the domain error. Carries no stack. */
    static final class BoundExceeded extends RuntimeException {
        enum Kind { DEPTH, TIME, BUDGET }

        final Kind kind;

        BoundExceeded(Kind kind) {
            super(kind.name(), null, false, false);
            this.kind = kind;
        }
    }
}
