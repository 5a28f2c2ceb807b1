package io.verdict.engine.threat;

import io.verdict.event.EventPredicate;
import io.verdict.event.FieldPath;
import io.verdict.kql.TimeBound;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The indicator side of an indicator match rule, compiled: which documents are its indicators (by index, threat
 * query and threat filters), how long they count (the threat query's time bound, read at event time), and how its
 * events and indicators match ({@code threat_mapping}). Immutable and thread-safe.
 *
 * @param ruleId        the rule's id
 * @param threatIndex   whether an index name is one of the rule's {@code threat_index} patterns
 * @param threatQuery   the threat query without its time bound
 * @param threatFilters the rule's {@code threat_filters}
 * @param bound         the threat query's time bound ({@code @timestamp >= "now-30d/d"}); null when it has none
 * @param groups        the mapping groups, alternatives
 * @param indicatorPath where in an indicator document the indicator object is, for the alert's enrichment
 * @param lookBackMillis how far back (in event time) an event stays waiting for an indicator: the rule's {@code from}
 * @param fields        every field the indicator side reads (its query, filters, mapping, times), for the field set
 *                      documents are parsed with
 */
public record ThreatRule(
        String ruleId,
        Predicate<String> threatIndex,
        EventPredicate threatQuery,
        EventPredicate threatFilters,
        TimeBound bound,
        List<MappingGroup> groups,
        FieldPath indicatorPath,
        long lookBackMillis,
        Set<String> fields) {

    /** ECS's name of the last time an indicator was seen, and the names of its last change, in that order. */
    static final List<FieldPath> SEEN = List.of(
            FieldPath.of("threat.indicator.last_seen"),
            FieldPath.of("threat.indicator.modified_at"),
            FieldPath.of("threat.indicator.modified"));

    public ThreatRule {
        groups = List.copyOf(groups);
        fields = Set.copyOf(fields);
    }

    /** The same rule reading {@code more} fields too (see {@link #fields}). */
    public ThreatRule reading(Set<String> more) {
        Set<String> all = new LinkedHashSet<>(fields);
        all.addAll(more);
        return new ThreatRule(
                ruleId, threatIndex, threatQuery, threatFilters, bound, groups, indicatorPath, lookBackMillis, all);
    }

    /** The indicator fields the rule's groups are looked up by, each once. */
    public List<FieldPath> keyIndicatorFields() {
        Set<FieldPath> out = new LinkedHashSet<>();
        groups.forEach(g -> out.add(g.key().indicator()));
        return List.copyOf(out);
    }

    /** The event fields the rule's groups are looked up by, each once. */
    public List<FieldPath> keyEventFields() {
        Set<FieldPath> out = new LinkedHashSet<>();
        groups.forEach(g -> out.add(g.key().event()));
        return List.copyOf(out);
    }

    /** Every indicator field of every entry, each once. */
    public List<FieldPath> indicatorFields() {
        Set<FieldPath> out = new LinkedHashSet<>();
        groups.forEach(g -> g.entries().forEach(e -> out.add(e.indicator())));
        return List.copyOf(out);
    }

    /** Every event field of every entry, each once. */
    public List<FieldPath> eventFields() {
        List<FieldPath> out = new ArrayList<>();
        groups.forEach(g -> g.entries().forEach(e -> {
            if (!out.contains(e.event())) {
                out.add(e.event());
            }
        }));
        return out;
    }

    /** The earliest time an indicator's bounded field may hold at event time {@code now}; none: no bound. */
    long earliest(long now) {
        return bound == null || now == Long.MIN_VALUE ? Long.MIN_VALUE : bound.earliest(now);
    }
}
