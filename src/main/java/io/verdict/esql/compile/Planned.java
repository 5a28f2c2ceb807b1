package io.verdict.esql.compile;

import io.verdict.esql.run.Step;

/** A compiled processing command, with what a trace says of it. */
record Planned(String command, int line, int column, Step step) {}
