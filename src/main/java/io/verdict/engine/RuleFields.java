package io.verdict.engine;

import io.verdict.event.Envelopes;
import io.verdict.event.FieldSet;
import io.verdict.rule.AlertSettings;
import io.verdict.rule.ExceptionEntry;
import io.verdict.rule.ExceptionItem;
import io.verdict.rule.NewTerms;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleQuery;
import io.verdict.rule.Threshold;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields a rule set reads while deciding an event and assembling its alerts: what events are parsed with
 * (see {@link FieldSet}). A field missing here costs speed, not correctness (the event then reads its whole
 * document); a field of a skipped rule costs a little parsing. Whole-document readers (KQL free text and
 * wildcard field names, nested queries and exceptions, {@code include_event}, Kibana documents) read the tree.
 */
final class RuleFields {

    /**
     * Read for every event or alert whatever the rules: routing ({@link EventIndex}, {@link RuleIndex} partitions),
     * event time ({@link EventTime}, batch time order), the document id, the {@link ReasonSentence}, the alert's
     * entities ({@link AlertEntities}) and what tells a wrapped document from an event ({@link Envelopes#MARKERS}).
     */
    private static final List<String> ALWAYS = List.of(
            "_index",
            "_id",
            "data_stream.type",
            "data_stream.dataset",
            "data_stream.namespace",
            "event.category",
            "event.dataset",
            "@timestamp",
            "event.ingested",
            "process.name",
            "process.parent.name",
            "file.name",
            "source.ip",
            "source.port",
            "destination.ip",
            "destination.port",
            "user.name",
            "host.name",
            "host.id",
            "user.id",
            "process.entity_id",
            "file.path");

    private RuleFields() {}

    static FieldSet of(List<CompiledRule> rules) {
        Set<String> names = new LinkedHashSet<>(ALWAYS);
        names.addAll(Envelopes.MARKERS);
        for (CompiledRule compiled : rules) {
            if (compiled.matcher() == null) {
                continue;
            }
            // the query's, its filters' and the investigation fields
            compiled.evidence().forEach(path -> names.add(path.name()));
            if (compiled.threat() != null) {
                // the indicator side: its documents are routed and matched on the hot path too
                names.addAll(compiled.threat().fields());
            }
            add(compiled.rule(), names);
        }
        // a name with an empty part can be in no document (nor in the set's key tables): reading it finds nothing
        names.removeIf(name -> name.startsWith(".") || name.endsWith(".") || name.contains(".."));
        return FieldSet.of(names);
    }

    private static void add(Rule rule, Set<String> names) {
        RuleQuery query = rule.query();
        addIfSet(names, query.eventCategoryOverride());
        addIfSet(names, query.tiebreakerField());
        addIfSet(names, query.timestampField());
        AlertSettings alert = rule.alert();
        addIfSet(names, alert.timestampOverride());
        addIfSet(names, alert.ruleNameOverride());
        alert.severityMapping().forEach(m -> addIfSet(names, m.field()));
        alert.riskScoreMapping().forEach(m -> addIfSet(names, m.field()));
        if (alert.alertSuppression() != null) {
            names.addAll(alert.alertSuppression().groupBy());
        }
        rule.typeBlock(Threshold.class).ifPresent(t -> {
            names.addAll(t.field());
            t.cardinality().forEach(c -> addIfSet(names, c.field()));
        });
        rule.typeBlock(NewTerms.class).ifPresent(t -> names.addAll(t.fields()));
        for (ExceptionItem item : rule.exceptions()) {
            if (!item.osTypes().isEmpty()) {
                names.add("host.os.type");
                names.add("host.os.name.caseless");
            }
            // nested entries read objects of the tree, so only top-level ones count
            item.entries().stream()
                    .filter(e -> e.type() != ExceptionEntry.Type.NESTED)
                    .forEach(e -> addIfSet(names, e.field()));
        }
    }

    private static void addIfSet(Set<String> names, String field) {
        if (field != null && !field.isEmpty()) {
            names.add(field);
        }
    }
}
