package io.verdict.esql;

import io.verdict.esql.value.DataType;
import java.util.List;

/**
 * What a run of a query answers, in the shape of ES's {@code _query}: columns, rows of values (in the model of
 * {@link io.verdict.esql.value.Values}), and the warnings ES would send as response headers.
 *
 * @param steps per command, the rows that went in and came out; empty unless the run was traced
 */
public record EsqlResult(List<Column> columns, List<List<Object>> rows, List<String> warnings, List<Step> steps) {

    public EsqlResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        warnings = List.copyOf(warnings);
        steps = List.copyOf(steps);
    }

    public record Column(String name, DataType type) {}

    /**
     * One command of a traced run.
     *
     * @param command the command as written (cut to a reasonable length)
     * @param line    where it starts in the query, 1-based
     * @param groups  for {@code STATS}: the groups it made; else -1
     */
    public record Step(String command, int line, int column, long rowsIn, long rowsOut, long groups) {}
}
