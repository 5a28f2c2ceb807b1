package io.verdict.engine;

import io.verdict.esql.EsqlContext;
import io.verdict.esql.EsqlDocument;
import io.verdict.esql.EsqlJson;
import io.verdict.esql.EsqlResult;
import io.verdict.event.Event;
import io.verdict.event.FieldPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The alerts of an ES|QL rule, one per row its query yields, as Kibana makes them: a row of a query that keeps the
 * source document ({@code _id}) is that document with the row's columns written over it; a row of an aggregating
 * query is the row alone. The row's columns are the alert's evidence.
 */
final class EsqlAlerts {

    private static final FieldPath ID = FieldPath.of("_id");

    private EsqlAlerts() {}

    /** The alerts of a rule whose query works row by row, over one event. */
    static List<Alert> ofEvent(CompiledRule rule, Event event, boolean includeEvent, Instant now) {
        EsqlContext context = new EsqlContext(now, KibanaRuleParameters.maxSignals(rule.rule()), false);
        // an event without an _id of its own is digested only when it yields rows that may show the digest
        EsqlDocument plain = document(event, false);
        EsqlResult result = rule.esql().run(List.of(plain), context);
        if (!result.rows().isEmpty()
                && plain.id() == null
                && rule.esql().metadata().contains("_id")) {
            result = rule.esql().run(List.of(document(event, true)), context);
        }
        if (result.rows().isEmpty()) {
            return List.of();
        }
        List<Alert> alerts = new ArrayList<>(result.rows().size());
        for (int r = 0; r < result.rows().size(); r++) {
            Map<String, JsonNode> columns = columns(result, r);
            Event merged = Event.of(merge(event.root(), columns));
            String group = result.rows().size() == 1 ? null : "esql:" + columns;
            alerts.add(AlertAssembler.assemble(rule, merged, includeEvent).withEvidence(columns, group));
        }
        return alerts;
    }

    /**
     * An alert per row of a window's run; {@code window} names the run (its bounds). A row that names its source
     * document ({@code _id}, a query that does not aggregate) is that document with the row written over it.
     */
    static List<Alert> ofWindow(
            CompiledRule rule, EsqlResult result, String window, List<EsqlDocument> documents, boolean includeEvent) {
        Map<String, EsqlDocument> byId = new java.util.HashMap<>();
        if (!rule.esql().aggregating()) {
            documents.forEach(d -> byId.putIfAbsent(d.id(), d));
        }
        List<Alert> alerts = new ArrayList<>(result.rows().size());
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (int r = 0; r < result.rows().size(); r++) {
            Map<String, JsonNode> columns = columns(result, r);
            JsonNode id = columns.get("_id");
            EsqlDocument source = id == null ? null : byId.get(id.asString());
            ObjectNode row;
            String group;
            if (source != null) {
                row = merge(source.event().root(), columns);
                // as Kibana's id: the document, and which of its rows (an expanded multivalue makes several)
                group = "esql:" + source.index() + "/" + source.id() + ":" + seen.merge(source.id(), 1, Integer::sum);
            } else {
                row = JsonNodeFactory.instance.objectNode();
                columns.forEach(row::set);
                group = "esql:" + window + ":" + r;
            }
            alerts.add(
                    AlertAssembler.assemble(rule, Event.of(row), includeEvent).withEvidence(columns, group));
        }
        return alerts;
    }

    /** A source document of the event: its {@code _id} when it has one, else a digest of its text. */
    static EsqlDocument document(Event event) {
        return document(event, true);
    }

    /**
     * A source document of the event for a query: without an {@code _id} of its own, the event's digest is its id
     * only when the query can read it (digesting needs the whole tree, which an event read for the rules' fields
     * alone does not hold).
     */
    static EsqlDocument document(Event event, io.verdict.esql.CompiledEsql query) {
        // an aggregating query's rows name no document: its _id is read for nothing but a rare aggregation of it
        return document(event, query.metadata().contains("_id") && !query.aggregating());
    }

    static EsqlDocument document(Event event, boolean digest) {
        JsonNode id = event.firstValue(ID);
        // _index as Elasticsearch answers it: the index as sent (a backing index stays one), else the data stream
        String raw = EventIndex.rawIndex(event);
        String name = raw != null ? raw : EventIndex.of(event);
        return new EsqlDocument(
                event,
                id != null && id.isString()
                        ? id.stringValue()
                        : digest ? KibanaAlerts.sha256(event.root().toString()).substring(0, 20) : null,
                name,
                1);
    }

    /** The row's columns that hold a value (Kibana asks with {@code drop_null_columns}). */
    private static Map<String, JsonNode> columns(EsqlResult result, int r) {
        List<Object> values = result.rows().get(r);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (int c = 0; c < result.columns().size(); c++) {
            Object value = values.get(c);
            if (value != null) {
                out.put(result.columns().get(c).name(), EsqlJson.of(value));
            }
        }
        return out;
    }

    /**
     * The source with each column written over the field of the same dotted name: where the source holds the name
     * as a key of its own (flattened), there; else along its objects, made where missing.
     */
    static ObjectNode merge(JsonNode source, Map<String, JsonNode> columns) {
        ObjectNode out =
                source instanceof ObjectNode object ? object.deepCopy() : JsonNodeFactory.instance.objectNode();
        columns.forEach((name, value) -> put(out, name, value));
        return out;
    }

    private static void put(ObjectNode node, String name, JsonNode value) {
        if (node.has(name) || name.indexOf('.') < 0) {
            node.set(name, value);
            return;
        }
        int dot = name.indexOf('.');
        while (dot > 0) {
            JsonNode child = node.get(name.substring(0, dot));
            if (child instanceof ObjectNode object) {
                put(object, name.substring(dot + 1), value);
                return;
            }
            dot = name.indexOf('.', dot + 1);
        }
        int first = name.indexOf('.');
        ObjectNode child = JsonNodeFactory.instance.objectNode();
        node.set(name.substring(0, first), child);
        put(child, name.substring(first + 1), value);
    }
}
