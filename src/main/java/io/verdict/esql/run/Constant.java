package io.verdict.esql.run;

/** A value known when the query is compiled. */
public record Constant(Object value) implements Evaluator {

    @Override
    public Object eval(Object[] row, Run run) {
        return value;
    }
}
