package io.verdict.esql.run;

/**
 * Where an expression that can fail at run time is written: its warnings quote its text at its line and column of
 * the query (1-based, as ES reports them), and a run counts its failures by {@code id}.
 */
public record Site(int id, int line, int column, String text) {

    String prefix() {
        return "Line " + line + ":" + column + ": ";
    }
}
