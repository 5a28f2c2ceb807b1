package io.verdict.engine;

import io.verdict.engine.threat.MappingEntry;
import io.verdict.engine.threat.MappingGroup;
import io.verdict.engine.threat.ThreatRule;
import io.verdict.event.DateMath;
import io.verdict.event.EventPredicate;
import io.verdict.event.FieldPath;
import io.verdict.event.Schema;
import io.verdict.kql.CompiledFilters;
import io.verdict.kql.CompiledKql;
import io.verdict.kql.KibanaFilters;
import io.verdict.kql.KqlCompiler;
import io.verdict.kql.KqlNode;
import io.verdict.kql.KqlParser;
import io.verdict.kql.TimeBound;
import io.verdict.query.CompileBudget;
import io.verdict.query.Position;
import io.verdict.query.Problem;
import io.verdict.rule.Language;
import io.verdict.rule.Rule;
import io.verdict.rule.ThreatMatch;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles the indicator side of an indicator match rule ({@link ThreatRule}): its {@code threat_index} patterns,
 * its {@code threat_query} (KQL) with the time bound taken out to be read at event time, its {@code threat_filters},
 * its {@code threat_mapping} and {@code threat_indicator_path}. Stateless and thread-safe.
 */
final class ThreatRuleCompiler {

    static final String DEFAULT_INDICATOR_PATH = "threat.indicator";

    /**
     * The compiled indicator side, or the problems that keep the rule out.
     *
     * @param fields the fields the indicator side reads, for the field set events are parsed with
     */
    record Result(ThreatRule threat, List<Problem> problems, List<Problem> warnings, Set<String> fields) {}

    private final Schema schema;
    private final Clock clock;

    ThreatRuleCompiler(Schema schema, Clock clock) {
        this.schema = schema;
        this.clock = clock;
    }

    /** Whether an event has a value of a field the rule's mapping groups are looked up by. */
    static EventPredicate keyFieldsPresent(ThreatRule threat) {
        FieldPath[] keys = threat.keyEventFields().toArray(FieldPath[]::new);
        return event -> {
            for (FieldPath key : keys) {
                if (event.has(key)) {
                    return true;
                }
            }
            return false;
        };
    }

    Result compile(Rule rule, CompileBudget budget) {
        ThreatMatch block = rule.typeBlock(ThreatMatch.class).orElseThrow();
        List<Problem> problems = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>(0);
        Set<String> fields = new LinkedHashSet<>();
        EventPredicate query = EventPredicate.ALL;
        TimeBound bound = null;
        if (block.threatLanguage() == Language.LUCENE) {
            problems.add(RuleCompiler.problemAtQuery(
                    rule, "threat_language lucene is not supported: write the " + "threat query in KQL (kuery)"));
        } else if (block.threatQuery() != null) {
            KqlNode tree = RuleCompiler.collect(problems, () -> KqlParser.parse(block.threatQuery(), budget));
            if (tree != null) {
                TimeBound.Split split = TimeBound.split(tree);
                bound = split.bound();
                CompiledKql compiled = RuleCompiler.collect(
                        problems, () -> KqlCompiler.compile(split.rest(), block.threatQuery(), schema, clock, budget));
                if (compiled != null) {
                    query = compiled.predicate();
                    fields.addAll(compiled.fields());
                    warnings.addAll(compiled.warnings());
                }
                if (split.clockBound()) {
                    warnings.add(
                            Problem.at(
                                    block.threatQuery(),
                                    0,
                                    "the threat query bounds a time relative to "
                                            + "now that is not a top-level lower bound: it is read with the clock, not event time"));
                }
                if (bound != null) {
                    fields.add(bound.field());
                }
            }
        }
        Position at = rule.query().filtersAt() == null
                ? new Position(1, 1)
                : rule.query().filtersAt();
        CompiledFilters filters = RuleCompiler.collect(
                problems, () -> KibanaFilters.compile(block.threatFilters(), rule.file(), at, schema, clock));
        List<MappingGroup> groups = new ArrayList<>();
        for (ThreatMatch.Mapping mapping : block.threatMapping()) {
            List<MappingEntry> entries = mapping.entries().stream()
                    .map(e -> new MappingEntry(FieldPath.of(e.field()), FieldPath.of(e.value()), e.negate()))
                    .toList();
            MappingGroup group = MappingGroup.of(entries);
            if (group == null) {
                problems.add(RuleCompiler.problemAtQuery(
                        rule, "a threat_mapping group needs an entry that is not " + "negated"));
            } else {
                groups.add(group);
                entries.forEach(e -> {
                    fields.add(e.event().name());
                    fields.add(e.indicator().name());
                });
            }
        }
        if (groups.isEmpty() && problems.isEmpty()) {
            problems.add(RuleCompiler.problemAtQuery(rule, "the rule has no threat_mapping"));
        }
        if (!problems.isEmpty()) {
            return new Result(null, problems, warnings, fields);
        }
        if (filters.active() > 0) {
            fields.addAll(filters.fields());
        }
        IndexPatterns index = IndexPatterns.of(block.threatIndex());
        String path = block.threatIndicatorPath() == null
                        || block.threatIndicatorPath().isBlank()
                ? DEFAULT_INDICATOR_PATH
                : block.threatIndicatorPath();
        long lookBack = DateMath.lookBack(rule.schedule().fromOrDefault())
                .orElse(Duration.ofMinutes(6))
                .toMillis();
        EventPredicate threatFilters = filters.active() > 0 ? filters.predicate() : EventPredicate.ALL;
        fields.add("threat.indicator.provider");
        fields.add("threat.indicator.type");
        fields.add("threat.feed.name");
        fields.add("threat.indicator.last_seen");
        fields.add("threat.indicator.modified_at");
        fields.add("threat.indicator.modified");
        ThreatRule threat = new ThreatRule(
                rule.ruleId(),
                name -> name == null || index.accepts(name),
                query,
                threatFilters,
                bound,
                groups,
                FieldPath.of(path),
                lookBack,
                fields);
        return new Result(threat, problems, warnings, fields);
    }
}
