package io.verdict.explain;

import io.verdict.eql.ast.Expr;
import io.verdict.eql.ast.Query;
import io.verdict.eql.compile.EqlPlanner;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import java.util.List;
import java.util.Map;

/**
 * One {@code category where condition} filter — an event query, a sequence stage, a sample filter, an until — as
 * clauses on one event: the category test, then the condition's tree, each decided by the engine's planner.
 */
final class StageClauses {

    private final EqlPlanner planner;
    private final String categoryField;

    StageClauses(Schema schema, String categoryField) {
        this.planner = new EqlPlanner(schema);
        this.categoryField = categoryField;
    }

    /** The category clause and the condition's tree. */
    List<Clause> parts(Query.EventFilter filter, Event event) {
        Query.EventFilter category = new Query.EventFilter(filter.category(), new Expr.Literal(true, 0), 0);
        boolean inCategory = planner.filter(category, categoryField).matches(event);
        String categoryText = filter.category() == null || filter.category().equals("any")
                ? "any"
                : categoryField + " : \"" + filter.category() + "\" (" + filter.category() + " where)";
        Clause categoryClause = new Clause(
                categoryText,
                null,
                inCategory,
                Explainer.values(event, List.of(categoryField)),
                inCategory ? null : "the event's " + categoryField + " is not " + filter.category(),
                false,
                List.of());
        return List.of(categoryClause, new EqlClauses(planner, event).clause(filter.condition()));
    }

    /** The whole filter as one clause ({@code text} its label), its deciding clauses marked when it fails. */
    Clause explain(String text, Query.EventFilter filter, Event event) {
        List<Clause> parts = parts(filter, event);
        boolean result = parts.stream().allMatch(Clause::result);
        Clause root = new Clause(text, "and", result, Map.of(), null, false, parts);
        return result ? root : root.markDecisive();
    }

    /** The filter as EQL text: {@code process where ...}. */
    static String text(Query.EventFilter filter) {
        return (filter.category() == null ? "any" : filter.category()) + " where "
                + EqlPrinter.print(filter.condition());
    }
}
