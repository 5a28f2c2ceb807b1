package io.verdict.eql;

import io.verdict.eql.ast.Query;
import io.verdict.eql.check.EqlChecker;
import io.verdict.eql.check.References;
import io.verdict.eql.compile.EqlPlanner;
import io.verdict.eql.parser.EqlParser;
import io.verdict.event.EventPredicate;
import io.verdict.query.CompileBudget;
import io.verdict.query.Problem;
import io.verdict.query.QueryException;
import io.verdict.query.QueryLimits;
import io.verdict.query.SourceText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Compiles EQL text: lex and parse ({@link EqlParser}), check ({@link EqlChecker}), plan into evaluation nodes
 * ({@link EqlPlanner}). Stateless and thread-safe.
 */
public final class EqlCompiler {

    /**
     * The compiled query, or a {@link QueryException} holding every problem found, each at its position in the
     * coordinates of the query's origin ({@code rules/x.toml:27:9}).
     */
    public CompiledEql compile(SourceText query, EqlOptions options) {
        return compile(query, options, CompileBudget.NONE);
    }

    /**
     * {@link #compile(SourceText, EqlOptions)} within a compile budget.
     *
     * @throws CompileBudget.Exceeded when the budget ran out first
     */
    public CompiledEql compile(SourceText query, EqlOptions options, CompileBudget budget) {
        List<Problem> problems = new ArrayList<>();
        Query ast = EqlParser.parse(query, problems, budget);
        if (ast != null) {
            EqlChecker.check(ast, query, problems, budget, options.schema());
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
            if (problems.size() >= QueryLimits.MAX_PROBLEMS) {
                problems.add(Problem.at(
                        query,
                        0,
                        "only the first " + QueryLimits.MAX_PROBLEMS + " problems of the query are reported"));
            }
            throw new QueryException(problems);
        }
        EqlPlanner planner = new EqlPlanner(options.schema(), budget);
        String categoryField = options.eventCategoryField();
        List<String> fields = new ArrayList<>(References.fields(ast, categoryField));
        if (ast instanceof Query.EventQuery q) {
            EventPredicate condition = planner.filter(q.filter(), categoryField);
            return new CompiledEql(query, ast, QueryKind.EVENT, options, condition, List.of(condition), fields);
        }
        List<EventPredicate> stages = new ArrayList<>();
        if (ast instanceof Query.SequenceQuery q) {
            q.stages().forEach(s -> stages.add(planner.filter(s.filter(), categoryField)));
            if (q.until() != null) {
                stages.add(planner.filter(q.until().filter(), categoryField));
            }
            return new CompiledEql(query, ast, QueryKind.SEQUENCE, options, null, stages, fields);
        }
        Query.SampleQuery q = (Query.SampleQuery) ast;
        q.stages().forEach(s -> stages.add(planner.filter(s.filter(), categoryField)));
        return new CompiledEql(query, ast, QueryKind.SAMPLE, options, null, stages, fields);
    }

    /** A query typed on its own, with default options. */
    public CompiledEql compile(String query) {
        return compile(SourceText.of(query), EqlOptions.defaults());
    }
}
