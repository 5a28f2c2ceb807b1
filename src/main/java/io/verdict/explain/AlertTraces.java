package io.verdict.explain;

import io.verdict.engine.Alert;
import io.verdict.engine.CompiledRule;
import io.verdict.engine.Detector;
import io.verdict.engine.RuleCompiler;
import io.verdict.eql.CompiledEql;
import io.verdict.eql.EqlCompiler;
import io.verdict.eql.EqlOptions;
import io.verdict.eql.ast.Query;
import io.verdict.event.Event;
import io.verdict.event.Schema;
import io.verdict.rule.Rule;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code explain=true} on the evaluate endpoints: each alert with the clause tree that made it match — the rule's
 * query on the event for a single-event, threshold or new_terms rule; for a sequence or sample, the stage's filter on
 * the event of a building-block alert, and every stage on its event for the sequence alert. Computed only for
 * alerts, only when asked (it compiles per call). Stateless and thread-safe.
 */
public final class AlertTraces {

    private final Explainer explainer;
    private final Schema schema;
    private final JsonMapper json;

    public AlertTraces(Schema schema, Clock clock, JsonMapper json) {
        this.explainer = new Explainer(schema, clock);
        this.schema = schema;
        this.json = json;
    }

    /**
     * The shaped alerts ({@code shaped}, one per alert of {@code alerts}, as the response carries them) each with its
     * explanation: an {@link Alert} becomes its JSON with {@code explanation}, a Kibana document gets
     * {@code verdict.explanation}.
     */
    public List<Object> attach(Detector detector, List<Alert> alerts, List<Object> shaped, Event event) {
        if (alerts.size() != shaped.size()) {
            return shaped;
        }
        Map<String, List<JsonNode>> groups = new HashMap<>();
        for (Alert alert : alerts) {
            if (alert.sequence() != null && alert.sequence().events() != null) {
                groups.put(alert.sequence().groupId(), alert.sequence().events());
            }
        }
        Map<String, List<Query.EventFilter>> stages = new HashMap<>();
        List<Object> out = new ArrayList<>(shaped.size());
        for (int i = 0; i < alerts.size(); i++) {
            Alert alert = alerts.get(i);
            Clause trace = detector.find(alert.rule().ruleId())
                    .map(rule -> trace(rule, alert, event, groups, stages))
                    .orElse(null);
            out.add(with(shaped.get(i), trace));
        }
        return out;
    }

    private Clause trace(
            CompiledRule compiled,
            Alert alert,
            Event event,
            Map<String, List<JsonNode>> groups,
            Map<String, List<Query.EventFilter>> stages) {
        Rule rule = compiled.rule();
        if (alert.sequence() == null) {
            // a rule over the alerts index decided the posted alert document, not its original event
            return explainer.explain(rule, alert.source() != null ? alert.source() : event);
        }
        List<Query.EventFilter> filters = stages.computeIfAbsent(rule.ruleId(), id -> positiveStages(rule));
        StageClauses clauses =
                new StageClauses(schema, RuleCompiler.eqlOptions(rule, schema).eventCategoryField());
        List<JsonNode> events = groups.getOrDefault(alert.sequence().groupId(), List.of());
        Integer index = alert.sequence().index();
        if (index != null) {
            Event matched = index < events.size() ? Event.of(events.get(index)) : event;
            return index < filters.size()
                    ? clauses.explain(
                            "stage " + (index + 1) + ": " + StageClauses.text(filters.get(index)),
                            filters.get(index),
                            matched)
                    : null;
        }
        List<Clause> children = new ArrayList<>();
        for (int s = 0; s < Math.min(filters.size(), events.size()); s++) {
            children.add(clauses.explain(
                    "stage " + (s + 1) + ": " + StageClauses.text(filters.get(s)),
                    filters.get(s),
                    Event.of(events.get(s))));
        }
        return new Clause(
                rule.query().text().text().strip(),
                "and",
                children.stream().allMatch(Clause::result),
                Map.of(),
                null,
                false,
                children);
    }

    /** The stages an event matches, in order: runs expanded, missing-event stages left out (a sample's filters). */
    private List<Query.EventFilter> positiveStages(Rule rule) {
        EqlOptions options = RuleCompiler.eqlOptions(rule, schema);
        CompiledEql compiled = new EqlCompiler().compile(rule.query().text(), options);
        List<Query.EventFilter> out = new ArrayList<>();
        if (compiled.ast() instanceof Query.SequenceQuery sequence) {
            for (Query.Stage stage : sequence.stages()) {
                for (int r = 0; r < stage.runs() && !stage.missing(); r++) {
                    out.add(stage.filter());
                }
            }
        } else if (compiled.ast() instanceof Query.SampleQuery sample) {
            sample.stages().forEach(stage -> out.add(stage.filter()));
        }
        return out;
    }

    private Object with(Object shaped, Clause trace) {
        if (shaped instanceof ObjectNode document) {
            // a Kibana document: flat dotted names, so the explanation goes under Verdict's own
            ObjectNode copy = document.deepCopy();
            copy.set("verdict.explanation", json.valueToTree(trace));
            return copy;
        }
        ObjectNode node = json.valueToTree(shaped);
        node.set("explanation", json.valueToTree(trace));
        return node;
    }
}
