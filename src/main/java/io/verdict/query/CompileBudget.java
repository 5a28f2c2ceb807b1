package io.verdict.query;

import java.time.Duration;

/**
 * The time one rule's compile may take, checked cooperatively: the parsers, the checker and the planners call
 * {@link #check()} as they go, and past the deadline it throws {@link Exceeded}, which the caller turns into a
 * problem of that rule. Nothing is interrupted from outside; a single step (one regular expression compiled)
 * finishes before the next check. One budget per compile, used by one thread.
 */
public final class CompileBudget {

    /** No deadline (queries typed by hand, tools, tests). */
    public static final CompileBudget NONE = new CompileBudget(null, Long.MAX_VALUE);

    /** Checks between two readings of the clock: System.nanoTime is cheap, not free. */
    private static final int CHECKS_PER_READING = 64;

    private final Duration budget;
    private final long deadline;
    private int countdown = CHECKS_PER_READING;

    private CompileBudget(Duration budget, long deadline) {
        this.budget = budget;
        this.deadline = deadline;
    }

    /** A budget of {@code budget} from now; null, zero or negative: none. */
    public static CompileBudget of(Duration budget) {
        if (budget == null || budget.isZero() || budget.isNegative()) {
            return NONE;
        }
        long now = System.nanoTime();
        long nanos = budget.toNanos();
        return new CompileBudget(budget, nanos > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos);
    }

    /** @throws Exceeded once the deadline has passed */
    public void check() {
        if (budget == null || --countdown > 0) {
            return;
        }
        countdown = CHECKS_PER_READING;
        if (System.nanoTime() - deadline >= 0) {
            throw new Exceeded(budget);
        }
    }

    /** The budget given, or null for none. */
    public Duration budget() {
        return budget;
    }

    /** A compile that ran past its budget; carries no stack trace (it is an outcome, not a bug). */
    public static final class Exceeded extends RuntimeException {

        private final Duration budget;

        Exceeded(Duration budget) {
            super("query compile exceeded its budget of " + describe(budget), null, false, false);
            this.budget = budget;
        }

        public Duration budget() {
            return budget;
        }
    }

    /** {@code 5s}, {@code 250ms}: as the property is written. */
    static String describe(Duration d) {
        long millis = d.toMillis();
        if (millis >= 1000 && millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis > 0 ? millis + "ms" : d.toNanos() + "ns";
    }
}
