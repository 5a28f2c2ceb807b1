package io.verdict.esql.ast;

import java.util.List;

/** A parsed ES|QL query: its text and its pipeline, the source command first. */
public record Query(String text, List<Command> commands) {

    public Query {
        commands = List.copyOf(commands);
    }

    /** The text an expression was written as (what warnings quote and unnamed columns are named after). */
    public String textOf(Expr expr) {
        return text.substring(expr.offset(), expr.end());
    }
}
