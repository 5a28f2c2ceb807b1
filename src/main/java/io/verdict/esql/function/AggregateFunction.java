package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import java.util.List;
import java.util.function.Supplier;

/** An aggregation of {@code STATS} ({@code COUNT}, {@code VALUES}, {@code MIN} ...), bound once per call site. */
public interface AggregateFunction {

    /** The name, upper case. */
    String name();

    /**
     * Checks the arguments and binds the aggregation to them; {@code COUNT(*)} is bound with no arguments.
     *
     * @param constants as for {@link ScalarFunction#bind}: {@code COUNT_DISTINCT(x, 3000)}'s precision,
     *                  {@code TOP(x, 3, "desc")}'s size and order
     * @throws IllegalArgumentException with the verification error ES would give
     */
    Bound bind(List<DataType> types, List<Object> constants);

    /** An aggregation bound to its argument types: its result type, and a fresh accumulator per group. */
    record Bound(DataType type, Supplier<Accumulator> accumulators) {}

    /**
     * The state of one aggregation for one group. Not thread-safe: one group is accumulated by one thread.
     * Partial states of one group over parts of the rows (time buckets) {@link #merge} into the state over all.
     */
    interface Accumulator {

        /**
         * Adds one row's argument values (null, a single value, or a multivalue whose every element counts); for
         * {@code COUNT(*)}, {@code args} is empty.
         */
        void add(Object[] args);

        /** Adds what {@code other} (an accumulator of the same bound aggregation) has seen. */
        void merge(Accumulator other);

        /**
         * The aggregate over everything added; null when ES answers null (no values). An overflow is thrown as
         * {@link ArithmeticException}, which the caller turns into a null and a warning.
         */
        Object result();
    }
}
