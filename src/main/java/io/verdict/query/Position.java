package io.verdict.query;

/** A 1-based line and column. */
public record Position(int line, int column) {

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
