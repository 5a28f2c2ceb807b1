package io.verdict.esql.function;

import io.verdict.esql.value.DataType;
import java.util.List;

/**
 * A scalar function of ES|QL ({@code TO_LOWER}, {@code DATE_TRUNC}, {@code MV_FIRST} ...), bound once per call
 * site to its argument types. {@code CASE}, {@code COALESCE}, {@code KQL} and {@code MATCH} are not scalar
 * functions: the evaluator runs them itself (lazily, or over the source event).
 */
public interface ScalarFunction {

    /** The name, upper case. */
    String name();

    /**
     * Checks the arguments and binds the function to them.
     *
     * @param types     each argument's type
     * @param constants each argument's value when it is a constant (a literal, or folded), else {@link #NOT_CONSTANT}
     * @throws IllegalArgumentException with the message a verification error of ES would give (the wrong number of
     *                                  arguments, an argument of a type the function does not take, a constant it
     *                                  cannot use), without position: the caller places it
     */
    Bound bind(List<DataType> types, List<Object> constants);

    /** Marks an argument that is not a constant in {@link #bind}'s {@code constants}. */
    Object NOT_CONSTANT = new Object() {
        @Override
        public String toString() {
            return "<not constant>";
        }
    };

    /**
     * A function bound to its argument types.
     *
     * @param type           the result type
     * @param body           computes a result from the argument values
     * @param multivalues    whether the body takes multivalued arguments; when false the caller makes the result null
     *                       with the warning ES gives ({@code single-value function encountered multi-value})
     *                       without calling it
     * @param nulls          whether the body takes null arguments; when false a null argument makes the result null
     *                       without calling it
     */
    record Bound(DataType type, Body body, boolean multivalues, boolean nulls) {

        /** The usual function: null in, null out; a multivalue in, null and a warning out. */
        public static Bound of(DataType type, Body body) {
            return new Bound(type, body, false, false);
        }
    }

    /**
     * Computes a result from argument values in the model of {@link io.verdict.esql.value.Values}. Failures that ES
     * turns into a null and a warning are thrown as the Java exception ES names in that warning:
     * {@link ArithmeticException} ({@code integer overflow}, {@code / by zero}), {@link IllegalArgumentException},
     * {@link NumberFormatException}, {@link java.time.DateTimeException}; the caller records the warning and
     * answers null.
     */
    @FunctionalInterface
    interface Body {
        Object apply(Object[] args);
    }
}
