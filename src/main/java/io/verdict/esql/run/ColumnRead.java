package io.verdict.esql.run;

/** The value of a column of the row. */
public record ColumnRead(int slot) implements Evaluator {

    @Override
    public Object eval(Object[] row, Run run) {
        return row[slot];
    }
}
