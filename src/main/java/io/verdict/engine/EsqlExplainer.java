package io.verdict.engine;

import io.verdict.esql.CompiledEsql;
import io.verdict.esql.EsqlCompiler;
import io.verdict.esql.EsqlContext;
import io.verdict.esql.EsqlDocument;
import io.verdict.esql.EsqlJson;
import io.verdict.esql.EsqlResult;
import io.verdict.esql.SchemaFieldTypes;
import io.verdict.esql.ast.Command;
import io.verdict.esql.ast.Query;
import io.verdict.esql.parser.EsqlParser;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Why an ES|QL rule alerts or not on posted events: its query run once over them as one window (the events its
 * {@code FROM} names), with per command the rows that went in and came out; for a query that aggregates, also the
 * groups its last {@code STATS} made, before the commands after it (the final condition) kept some of them.
 */
public final class EsqlExplainer {

    /** How many groups and rows an explanation shows at most. */
    static final int SHOWN = 100;

    /**
     * @param documents the posted events the query's {@code FROM} names (an event naming no index counts)
     * @param steps     per command: rows in and out, groups for {@code STATS}
     * @param groups    for a query that aggregates: the rows its last {@code STATS} made (at most {@value #SHOWN})
     * @param rows      the rows the whole query answers, each an alert (at most {@value #SHOWN})
     */
    public record Explanation(
            boolean aggregating,
            int documents,
            List<EsqlResult.Step> steps,
            List<Map<String, JsonNode>> groups,
            List<Map<String, JsonNode>> rows,
            List<String> warnings) {}

    private final EsqlCompiler compiler;
    private final Clock clock;

    /** @param clock the run's {@code NOW()} when no posted event has a time */
    public EsqlExplainer(Schema schema, Clock clock) {
        this.compiler = new EsqlCompiler(new SchemaFieldTypes(schema));
        this.clock = clock;
    }

    /** @throws IllegalArgumentException when the rule is not an ES|QL rule Verdict runs */
    public Explanation explain(CompiledRule rule, List<Event> events) {
        CompiledEsql query = rule.esql();
        if (query == null || query.unsupported() != null) {
            throw new IllegalArgumentException("Rule " + rule.ruleId() + " is not an ES|QL rule Verdict runs ("
                    + rule.coverage().reason() + ").");
        }
        List<EsqlDocument> documents = new ArrayList<>();
        long latest = Long.MIN_VALUE;
        for (Event event : events) {
            String index = EventIndex.of(event);
            if (index == null || rule.index().accepts(index)) {
                documents.add(EsqlAlerts.document(event));
                latest = Math.max(latest, EventTime.latest(event));
            }
        }
        // NOW() is the run's time: here, that of the latest event explained
        Instant now = latest == Long.MIN_VALUE ? clock.instant() : Instant.ofEpochMilli(latest);
        int limit = KibanaRuleParameters.maxSignals(rule.rule()) + 1;
        EsqlResult result = query.run(documents, new EsqlContext(now, limit, true));
        List<Map<String, JsonNode>> groups = List.of();
        if (query.aggregating()) {
            groups = rows(groupsOf(rule, documents, now));
        }
        return new Explanation(
                query.aggregating(), documents.size(), result.steps(), groups, rows(result), result.warnings());
    }

    /** The rows of the query up to its last top-level {@code STATS}: the groups, before the final condition. */
    private EsqlResult groupsOf(CompiledRule rule, List<EsqlDocument> documents, Instant now) {
        var text = rule.rule().query().text();
        Query parsed = EsqlParser.parse(text);
        int last = -1;
        for (int i = 0; i < parsed.commands().size(); i++) {
            if (parsed.commands().get(i) instanceof Command.Stats stats && !stats.inline()) {
                last = i;
            }
        }
        Query prefix = new Query(parsed.text(), parsed.commands().subList(0, last + 1));
        return compiler.compile(prefix, text).run(documents, new EsqlContext(now, SHOWN, false));
    }

    private static List<Map<String, JsonNode>> rows(EsqlResult result) {
        List<Map<String, JsonNode>> out = new ArrayList<>();
        for (List<Object> row :
                result.rows().subList(0, Math.min(SHOWN, result.rows().size()))) {
            Map<String, JsonNode> named = new LinkedHashMap<>();
            for (int c = 0; c < result.columns().size(); c++) {
                if (row.get(c) != null) {
                    named.put(result.columns().get(c).name(), EsqlJson.of(row.get(c)));
                }
            }
            out.add(named);
        }
        return out;
    }
}
