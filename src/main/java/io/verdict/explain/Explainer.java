package io.verdict.explain;

import io.verdict.eql.CompiledEql;
import io.verdict.eql.EqlCompiler;
import io.verdict.eql.EqlOptions;
import io.verdict.eql.ast.Query;
import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import io.verdict.event.Schema;
import io.verdict.kql.CompiledFilters;
import io.verdict.kql.KibanaFilters;
import io.verdict.kql.KqlCompiler;
import io.verdict.kql.KqlNode;
import io.verdict.kql.KqlParser;
import io.verdict.query.Position;
import io.verdict.query.SourceText;
import io.verdict.rule.Language;
import io.verdict.rule.Rule;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Why a rule did or did not match an event: its query as a tree of clauses, each decided on its own against the
 * event, with the values it read and, for a non-match, the clauses that decided it. Each clause is compiled alone
 * by the same compilers the engine uses, so the explanation cannot disagree with the verdict. Not on the hot path:
 * it compiles per call.
 */
public final class Explainer {

    private final Schema schema;
    private final Clock clock;

    public Explainer(Schema schema, Clock clock) {
        this.schema = schema;
        this.clock = clock;
    }

    /** The clauses of the rule's query and filters on {@code event}; the root's result is the rule's verdict. */
    public Clause explain(Rule rule, Event event) {
        if (rule.query() == null || rule.query().text() == null) {
            throw new IllegalArgumentException("rule " + rule.ruleId() + " has no query to explain");
        }
        List<Clause> parts = new ArrayList<>();
        if (rule.query().language() == Language.EQL) {
            parts.addAll(eql(rule, event));
        } else {
            parts.add(kql(KqlParser.parse(rule.query().text()), event));
        }
        if (!rule.query().filters().isEmpty()) {
            CompiledFilters filters = KibanaFilters.compile(
                    rule.query().filters(),
                    rule.file(),
                    rule.query().filtersAt() == null
                            ? new Position(1, 1)
                            : rule.query().filtersAt(),
                    schema,
                    clock);
            parts.add(new Clause(
                    "Kibana filters (" + filters.active() + " active)",
                    null,
                    filters.matches(event),
                    values(event, filters.fields()),
                    null,
                    false,
                    List.of()));
        }
        boolean matched = parts.stream().allMatch(Clause::result);
        Clause root = new Clause(rule.query().text().text().strip(), "and", matched, Map.of(), null, false, parts);
        return matched ? root : root.markDecisive();
    }

    private List<Clause> eql(Rule rule, Event event) {
        EqlOptions options = EqlOptions.defaults().withSchema(schema);
        if (rule.query().eventCategoryOverride() != null) {
            options = options.withEventCategoryField(rule.query().eventCategoryOverride());
        }
        CompiledEql compiled = new EqlCompiler().compile(rule.query().text(), options);
        if (!(compiled.ast() instanceof Query.EventQuery query)) {
            throw new IllegalArgumentException("a " + compiled.kind().name().toLowerCase() + " query is decided over"
                    + " several events; SequenceExplainer explains it");
        }
        return new StageClauses(schema, options.eventCategoryField()).parts(query.filter(), event);
    }

    private Clause kql(KqlNode node, Event event) {
        String text = KqlPrinter.print(node);
        boolean result = KqlCompiler.compile(SourceText.of(text), schema, clock).matches(event);
        List<Clause> children = new ArrayList<>();
        String operator = null;
        if (node instanceof KqlNode.And and) {
            operator = "and";
            and.operands().forEach(o -> children.add(kql(o, event)));
        } else if (node instanceof KqlNode.Or or) {
            operator = "or";
            or.operands().forEach(o -> children.add(kql(o, event)));
        } else if (node instanceof KqlNode.Not not) {
            operator = "not";
            children.add(kql(not.operand(), event));
        }
        if (operator != null) {
            return new Clause(text, operator, result, Map.of(), null, false, children);
        }
        List<String> fields = KqlCompiler.compile(SourceText.of(text), schema, clock).fields().stream()
                .toList();
        Map<String, Object> read = values(event, fields);
        String hint = null;
        if (!result && read.isEmpty() && !fields.isEmpty()) {
            hint = "the event has no " + String.join(", ", fields)
                    + ": a missing field never matches (and not of it does)";
        } else if (!result
                && node instanceof KqlNode.Match m
                && !m.value().isWildcard()
                && !m.value().quoted()
                && read.values().stream()
                        .anyMatch(v -> String.valueOf(v)
                                .replace("\"", "")
                                .equalsIgnoreCase(m.value().text()))) {
            hint = "keyword fields match exactly and case-sensitively in KQL";
        }
        return new Clause(text, null, result, read, hint, false, List.of());
    }

    /** The event's values of {@code fields}, one value as itself, several as an array; missing fields left out. */
    static Map<String, Object> values(Event event, Iterable<String> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String field : fields) {
            if (field.contains("*")) {
                continue;
            }
            List<JsonNode> found = event.values(FieldPath.of(field));
            if (found.size() == 1) {
                out.put(field, found.get(0));
            } else if (!found.isEmpty()) {
                out.put(field, JsonNodeFactory.instance.arrayNode().addAll(found));
            }
        }
        return out;
    }
}
