package io.verdict.esql.run;

/**
 * One compiled expression: computes its value for a row (in the model of {@link io.verdict.esql.value.Values}).
 * Immutable; the row and the run carry all state.
 */
@FunctionalInterface
public interface Evaluator {

    Object eval(Object[] row, Run run);
}
