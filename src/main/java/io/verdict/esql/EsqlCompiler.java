package io.verdict.esql;

import io.verdict.esql.ast.Query;
import io.verdict.esql.compile.PipelineCompiler;
import io.verdict.esql.compile.Searches;
import io.verdict.esql.parser.EsqlParser;
import io.verdict.query.QueryException;
import io.verdict.query.SourceText;

/**
 * Parses and checks ES|QL queries into {@link CompiledEsql}. Problems are reported in the coordinates of the
 * text's origin (a rule file's line and column). Thread-safe.
 */
public final class EsqlCompiler {

    private final FieldTypes types;
    private final Searches searches;

    public EsqlCompiler(FieldTypes types) {
        this.types = types;
        this.searches = PipelineCompiler.searches(types);
    }

    /**
     * @throws QueryException with every problem found: syntax ({@code mismatched input}), names (an unknown
     *                        function, a column an earlier command dropped), types (an argument a function does not
     *                        take)
     */
    public CompiledEsql compile(SourceText text) {
        return compile(EsqlParser.parse(text), text);
    }

    /** Checks and plans a query already parsed from {@code text}. */
    public CompiledEsql compile(Query query, SourceText text) {
        return new PipelineCompiler(query, text, types, searches).compile();
    }
}
