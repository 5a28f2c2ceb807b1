package io.verdict.esql;

import io.verdict.query.QueryException;
import io.verdict.query.SourceText;

/**
 * Parses and checks ES|QL queries into {@link CompiledEsql}. Problems are reported in the coordinates of the
 * text's origin (a rule file's line and column). Thread-safe.
 */
public final class EsqlCompiler {

    private final FieldTypes types;

    public EsqlCompiler(FieldTypes types) {
        this.types = types;
    }

    /**
     * @throws QueryException with every problem found: syntax ({@code mismatched input}), names (an unknown
     *                        function, a column an earlier command dropped), types (an argument a function does not
     *                        take)
     */
    public CompiledEsql compile(SourceText text) {
        throw new UnsupportedOperationException("not built yet: " + types);
    }
}
