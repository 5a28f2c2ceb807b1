package io.verdict.engine;

import io.verdict.engine.state.EsqlWindow;
import io.verdict.esql.EsqlContext;
import io.verdict.esql.EsqlDocument;
import io.verdict.esql.EsqlJson;
import io.verdict.esql.EsqlResult;
import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * ES|QL rules that need many rows, run as Kibana schedules them but in event time: each event that passes a rule's
 * leading filter is kept in the rule's {@link EsqlWindow}, cut down to the fields the query reads; each tick of the
 * rule's interval that event time passes runs the query over its window, with {@code NOW()} the tick, and each row
 * (at most {@code max_signals}) is an alert. An aggregating rule alerts per run and row, as Kibana does (overlapping
 * windows may find a group twice); a rule that keeps its source documents alerts once per document and row.
 */
final class EsqlWindows {

    private EsqlWindows() {}

    /** Keeps an event that passed the rule's leading filter (events in event-time order where possible). */
    static void accept(CompiledRule rule, Event event, StateStore store, Instant time) {
        EsqlDocument document = EsqlAlerts.document(event, rule.esql());
        ObjectNode kept = project(rule, event);
        EsqlDocument projected = new EsqlDocument(Event.of(kept), document.id(), document.index(), document.version());
        store.esqlWindow(rule.rule()).accept(projected, time.toEpochMilli(), estimate(kept));
    }

    /** The alerts of the rule's ticks that event time {@code now} has passed. */
    static List<Alert> release(CompiledRule rule, StateStore store, long now, boolean includeEvent) {
        EsqlWindow window = store.existingEsqlWindow(rule.rule());
        if (window == null) {
            return List.of();
        }
        List<EsqlWindow.Tick> ticks = window.due(now);
        if (ticks.isEmpty()) {
            return List.of();
        }
        int maxSignals = KibanaRuleParameters.maxSignals(rule.rule());
        List<Alert> alerts = new ArrayList<>();
        for (EsqlWindow.Tick tick : ticks) {
            EsqlResult result = rule.esql()
                    .run(tick.documents(), new EsqlContext(Instant.ofEpochMilli(tick.at()), maxSignals + 1, false));
            EsqlResult kept = result.rows().size() <= maxSignals
                    ? result
                    : new EsqlResult(
                            result.columns(), result.rows().subList(0, maxSignals), result.warnings(), result.steps());
            String run = EsqlJson.date(Instant.ofEpochMilli(tick.from())) + "/"
                    + EsqlJson.date(Instant.ofEpochMilli(tick.at()));
            for (Alert alert : EsqlAlerts.ofWindow(rule, kept, run, tick.documents(), includeEvent)) {
                if (rule.esql().aggregating() || window.firstEmission(alert.id().value(), tick.at())) {
                    alerts.add(alert);
                }
            }
        }
        return alerts;
    }

    /**
     * The event cut down to what the query reads (each field under its dotted name); the whole event when the
     * query asks for {@code _source}.
     */
    static ObjectNode project(CompiledRule rule, Event event) {
        if ((rule.esql().metadata().contains("_source")
                        || rule.esql().sourceFields().size() > EsqlRuleCompiler.WIDE_OUTPUT)
                && event.root() instanceof ObjectNode whole) {
            // the query reads the whole source, or outputs catalogue fields by pattern: keep the event whole
            return whole;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        // the rule's evidence: the fields its query reads, and its investigation fields
        for (FieldPath field : rule.evidence()) {
            List<JsonNode> values = event.values(field);
            if (values.size() == 1) {
                out.set(field.name(), values.get(0));
            } else if (!values.isEmpty()) {
                out.set(field.name(), JsonNodeFactory.instance.arrayNode().addAll(values));
            }
        }
        for (FieldPath field : TIMES) {
            JsonNode value = event.firstValue(field);
            if (value != null) {
                out.set(field.name(), value);
            }
        }
        return out;
    }

    /** What the alert of a kept document reports and Kibana's window reads, whether or not the query does. */
    private static final FieldPath[] TIMES = {FieldPath.of("@timestamp"), FieldPath.of("event.ingested")};

    /** Rough bytes a kept document holds: its names and values as text, twice for the tree around them. */
    private static long estimate(ObjectNode kept) {
        long size = 64;
        for (var entry : kept.properties()) {
            size += 80
                    + 2L * entry.getKey().length()
                    + 2L * entry.getValue().toString().length();
        }
        return size;
    }

    /**
     * Event time moves to at least {@code time} (epoch millis; {@link Long#MIN_VALUE} leaves it) in {@code store},
     * and the windowed rules at the positions {@code windowed} of {@code all} run every tick it has now passed, less
     * the allowed lateness: the alerts of those runs, and the failure of each rule that failed.
     */
    static Evaluation advance(CompiledRule[] all, int[] windowed, StateStore store, long time, boolean includeEvent) {
        long latest = time == Long.MIN_VALUE ? store.latestEventTime() : store.advanceEventTime(time);
        if (latest == Long.MIN_VALUE) {
            return new Evaluation(List.of(), 0, 0, List.of());
        }
        long now = latest - store.allowedLatenessMillis();
        List<Alert> alerts = List.of();
        List<Evaluation.RuleFailure> failures = List.of();
        for (int p : windowed) {
            try {
                List<Alert> released = release(all[p], store, now, includeEvent);
                if (!released.isEmpty()) {
                    alerts = alerts.isEmpty() ? new ArrayList<>(released.size()) : alerts;
                    alerts.addAll(released);
                }
            } catch (RuntimeException e) {
                failures = failures.isEmpty() ? new ArrayList<>(1) : failures;
                failures.add(Evaluation.RuleFailure.of(all[p], e));
            }
        }
        return new Evaluation(alerts, 0, 0, failures);
    }

    /** How far past the latest event a tick may still see a kept document: the longest look-back plus interval. */
    static long horizon(CompiledRule[] all, int[] windowed) {
        long horizon = 0;
        for (int p : windowed) {
            io.verdict.rule.Schedule schedule = all[p].rule().schedule();
            long lookBack = io.verdict.event.DateMath.lookBack(schedule.fromOrDefault())
                    .orElse(Duration.ofMinutes(6))
                    .toMillis();
            long interval = io.verdict.event.DateMath.interval(schedule.intervalOrDefault())
                    .orElse(Duration.ofMinutes(5))
                    .toMillis();
            horizon = Math.max(horizon, lookBack + interval);
        }
        return horizon;
    }
}
