package io.verdict.engine;

import io.verdict.engine.threat.ThreatRule;
import io.verdict.eql.CompiledEql;
import io.verdict.eql.EqlCompiler;
import io.verdict.eql.EqlOptions;
import io.verdict.eql.QueryKind;
import io.verdict.event.EventPredicate;
import io.verdict.event.FieldPath;
import io.verdict.event.Schema;
import io.verdict.kql.CompiledFilters;
import io.verdict.kql.CompiledKql;
import io.verdict.kql.KibanaFilters;
import io.verdict.kql.KqlCompiler;
import io.verdict.kql.KqlNode;
import io.verdict.kql.KqlParser;
import io.verdict.query.CompileBudget;
import io.verdict.query.Position;
import io.verdict.query.Problem;
import io.verdict.query.QueryException;
import io.verdict.query.QueryLimits;
import io.verdict.rule.AlertSettings;
import io.verdict.rule.Language;
import io.verdict.rule.Rule;
import io.verdict.rule.RuleQuery;
import io.verdict.rule.RuleSet;
import io.verdict.rule.RuleType;
import io.verdict.rule.ThreatMatch;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Compiles a {@link RuleSet} into a {@link Detector}: each rule's query (EQL or KQL) and Kibana filters into one
 * matcher, or a {@link Coverage} saying why the rule is not decided event by event. Queries of rules that need
 * state are compiled too, so that their errors are found now. Stateless and thread-safe.
 *
 * <p>One rule never stops the others: whatever goes wrong while compiling a rule — a problem of its query, its
 * compile running past the budget, or anything unforeseen — makes that rule a {@link Coverage#QUERY_ERROR} with a
 * problem at its query, and the detector is built from the rest.
 */
public final class RuleCompiler {

    private static final String CANNOT_COMPILE = "the rule cannot be compiled: ";

    private final EqlCompiler eql = new EqlCompiler();
    private final EsqlRuleCompiler esqlRules;
    private final Schema schema;
    private final Clock clock;
    private final RequiredLiterals required;
    private final Duration budget;
    private final UnknownFields unknownFields;
    private final ThreatRuleCompiler threats;

    public RuleCompiler(Schema schema, Clock clock) {
        this(schema, clock, null);
    }

    /** @param budget the time one rule's compile may take (null: no limit) */
    public RuleCompiler(Schema schema, Clock clock, Duration budget) {
        this(schema, clock, budget, UnknownFields.Mode.WARN);
    }

    /**
     * @param budget        the time one rule's compile may take (null: no limit)
     * @param unknownFields what a field no known field set has is: a warning of its rule, an error, or nothing
     */
    public RuleCompiler(Schema schema, Clock clock, Duration budget, UnknownFields.Mode unknownFields) {
        this.schema = schema;
        this.clock = clock;
        this.required = new RequiredLiterals(schema);
        this.budget = budget;
        this.unknownFields = new UnknownFields(schema, unknownFields);
        this.esqlRules = new EsqlRuleCompiler(schema, clock, required, this.unknownFields);
        this.threats = new ThreatRuleCompiler(schema, clock);
    }

    /** The detector of every rule of {@code set}; never fails for one rule's sake (see the class comment). */
    public Detector compile(RuleSet set) {
        // rules compile independently; spread them over the cores
        List<CompiledRule> compiled =
                set.rules().parallelStream().map(this::compile).toList();
        try {
            return new Detector(set, compiled, clock);
        } catch (RuntimeException | StackOverflowError e) {
            // what the whole set builds from its rules (field set, rule index) failed on some rule: find which by
            // building each alone, and leave those out as errors of their own
            return new Detector(set, compiled.stream().map(this::installable).toList(), clock);
        }
    }

    /**
     * The problems that keep {@code rule} out of a detector: its queries', or what building a detector of it
     * alone finds. Empty when it can be installed.
     */
    public List<Problem> check(Rule rule) {
        return checked(rule).problems();
    }

    /** {@code rule} compiled as {@link #check} decides it: its problems, or its warnings when it can be installed. */
    public CompiledRule checked(Rule rule) {
        return installable(compile(rule));
    }

    /** The rule as compiled when a detector of it alone can be built, else a query error saying why not. */
    private CompiledRule installable(CompiledRule compiled) {
        if (compiled.coverage() == Coverage.QUERY_ERROR) {
            return compiled;
        }
        Rule rule = compiled.rule();
        try {
            new Detector(
                    new RuleSet(List.of(rule), List.of(), List.of(), 1, null, Duration.ZERO), List.of(compiled), clock);
            return compiled;
        } catch (RuntimeException | StackOverflowError e) {
            return CompiledRule.skipped(
                    rule,
                    Coverage.QUERY_ERROR,
                    List.of(problemAtQuery(rule, "the rule cannot be installed: " + describe(e))));
        }
    }

    public CompiledRule compile(Rule rule) {
        CompiledRule compiled;
        try {
            compiled = plan(rule, CompileBudget.of(budget));
        } catch (CompileBudget.Exceeded e) {
            return CompiledRule.skipped(rule, Coverage.QUERY_ERROR, List.of(problemAtQuery(rule, e.getMessage())));
        } catch (RuntimeException | StackOverflowError e) {
            // nothing above should throw; if something does, it is this rule's problem and not the set's
            return CompiledRule.skipped(
                    rule, Coverage.QUERY_ERROR, List.of(problemAtQuery(rule, CANNOT_COMPILE + describe(e))));
        }
        if (Boolean.FALSE.equals(rule.schedule().enabled()) && compiled.coverage() != Coverage.QUERY_ERROR) {
            // the author ships it switched off (Elastic's promotion rules that would duplicate alerts): skipped by
            // default, still run when a request names it
            return compiled.coverage().evaluated()
                    ? compiled.disabled()
                    : CompiledRule.skipped(rule, Coverage.DISABLED, List.of());
        }
        return compiled;
    }

    private CompiledRule plan(Rule rule, CompileBudget budget) {
        RuleQuery query = rule.query();
        switch (rule.type()) {
            case MACHINE_LEARNING:
                return CompiledRule.skipped(rule, Coverage.MACHINE_LEARNING, List.of());
            case ESQL:
                return esqlRules.compile(rule);
            case SAVED_QUERY:
                return CompiledRule.skipped(rule, Coverage.SAVED_QUERY, List.of());
            default:
                break;
        }
        if (query.language() == Language.LUCENE) {
            return CompiledRule.skipped(rule, Coverage.LUCENE, List.of());
        }
        List<Problem> problems = new ArrayList<>(fieldNameProblems(rule));
        if (!problems.isEmpty()) {
            return CompiledRule.skipped(rule, Coverage.QUERY_ERROR, problems);
        }
        CompiledFilters filters = collect(
                problems,
                () -> KibanaFilters.compile(
                        query.filters(),
                        rule.file(),
                        query.filtersAt() == null ? new Position(1, 1) : query.filtersAt(),
                        schema,
                        clock));
        Set<String> fields = new LinkedHashSet<>();
        EventPredicate matcher = EventPredicate.ALL;
        Coverage coverage = Coverage.EVALUATED;
        List<List<Requirement>> requirements = List.of();
        List<Problem> warnings = new ArrayList<>(0);
        KqlNode kqlTree = null;
        CompiledEql eqlQuery = null;
        if (query.language() == Language.EQL) {
            CompiledEql compiled = collect(problems, () -> eql.compile(query.text(), eqlOptions(rule), budget));
            eqlQuery = compiled;
            if (compiled != null) {
                coverage = compiled.kind() == QueryKind.SEQUENCE
                        ? Coverage.EQL_SEQUENCE
                        : compiled.kind() == QueryKind.SAMPLE ? Coverage.EQL_SAMPLE : coverage;
                // an event query's one stage condition is its filter
                matcher = compiled.kind() == QueryKind.EVENT
                        ? compiled.stageConditions().get(0)
                        : anyStage(compiled.stageConditions());
                fields.addAll(compiled.fieldNames());
                requirements = required.of(compiled);
            }
        } else if (query.text() != null) {
            // parsed once: the tree is compiled and read for the literals the rule index needs
            KqlNode tree = collect(problems, () -> KqlParser.parse(query.text(), budget));
            CompiledKql compiled = tree == null
                    ? null
                    : collect(problems, () -> KqlCompiler.compile(tree, query.text(), schema, clock, budget));
            if (compiled != null) {
                kqlTree = tree;
                matcher = compiled.predicate();
                fields.addAll(compiled.fields());
                requirements = required.of(tree);
                warnings.addAll(compiled.warnings());
            }
        }
        ThreatRuleCompiler.Result threat =
                rule.typeBlock(ThreatMatch.class).isPresent() ? threats.compile(rule, budget) : null;
        if (threat != null) {
            problems.addAll(threat.problems());
            warnings.addAll(threat.warnings());
        }
        if (problems.isEmpty()) {
            List<Problem> unknown = unknownFields.check(rule, kqlTree, eqlQuery, filters);
            (unknownFields.mode() == UnknownFields.Mode.REFUSE ? problems : warnings).addAll(unknown);
        }
        if (!problems.isEmpty()) {
            return CompiledRule.skipped(rule, Coverage.QUERY_ERROR, problems);
        }
        if (rule.type() == RuleType.THREAT_MATCH && threat != null) {
            coverage = Coverage.THREAT_MATCH;
            // an event with no value of a field the groups are looked up by can match no indicator: this cheap test
            // first spares the query (whose wildcard field names read the whole event) on every other event
            matcher = ThreatRuleCompiler.keyFieldsPresent(threat.threat()).and(matcher);
        } else if (coverage == Coverage.EVALUATED) {
            coverage = rule.type() == RuleType.THRESHOLD
                    ? Coverage.THRESHOLD
                    : rule.type() == RuleType.NEW_TERMS ? Coverage.NEW_TERMS : Coverage.EVALUATED;
        }
        if (filters.active() > 0) {
            matcher = matcher.and(filters.predicate());
        }
        if (!rule.exceptions().isEmpty()) {
            // Kibana's exception items: the rule's query AND NOT (any item), decided at compile time like a filter
            List<String> unreadable = new ArrayList<>();
            EventPredicate suppressed = ExceptionMatcher.compile(rule.exceptions(), schema, clock, unreadable::add);
            if (!unreadable.isEmpty()) {
                // Elasticsearch fails the search of a rule whose exception holds a value its field cannot read
                return CompiledRule.skipped(
                        rule,
                        Coverage.QUERY_ERROR,
                        unreadable.stream()
                                .map(message -> problemAtQuery(rule, message))
                                .toList());
            }
            matcher = matcher.and(suppressed.negate());
        }
        fields.addAll(rule.alert().investigationFields());
        fields.addAll(filters.fields());
        List<FieldPath> evidence = fields.stream().map(FieldPath::of).toList();
        ThreatRule threatSide = threat == null
                ? null
                : kqlTree == null
                        ? threat.threat()
                        : threat.threat().reading(KqlCompiler.knownWildcardFields(kqlTree, schema));
        return new CompiledRule(
                rule,
                coverage,
                matcher,
                evidence,
                IndexPatterns.of(query.index()),
                new AlertOverrides(rule),
                List.of(),
                requirements,
                warnings,
                null,
                threatSide,
                eqlQuery);
    }

    /**
     * The field names the rule itself names (outside its query) past the limits of
     * {@link QueryLimits#fieldNameProblem}: each is compiled into a path whose size grows with its square.
     */
    static List<Problem> fieldNameProblems(Rule rule) {
        List<String> names = new ArrayList<>();
        RuleQuery query = rule.query();
        if (query != null) {
            names.add(query.eventCategoryOverride());
            names.add(query.tiebreakerField());
            names.add(query.timestampField());
        }
        AlertSettings alert = rule.alert();
        names.add(alert.timestampOverride());
        names.add(alert.ruleNameOverride());
        names.addAll(alert.investigationFields());
        alert.severityMapping().forEach(m -> names.add(m.field()));
        alert.riskScoreMapping().forEach(m -> names.add(m.field()));
        if (alert.alertSuppression() != null) {
            names.addAll(alert.alertSuppression().groupBy());
        }
        rule.typeBlock(io.verdict.rule.Threshold.class).ifPresent(t -> {
            names.addAll(t.field());
            t.cardinality().forEach(c -> names.add(c.field()));
        });
        rule.typeBlock(io.verdict.rule.NewTerms.class).ifPresent(t -> names.addAll(t.fields()));
        rule.exceptions().forEach(item -> item.entries().forEach(entry -> names.add(entry.field())));
        List<Problem> problems = new ArrayList<>();
        for (String name : names) {
            if (name == null) {
                continue;
            }
            String problem = QueryLimits.fieldNameProblem(name);
            if (problem != null) {
                problems.add(problemAtQuery(rule, problem));
            }
        }
        return problems;
    }

    /** A problem of the rule, placed where its query starts (or at the top of its file when it has none). */
    static Problem problemAtQuery(Rule rule, String message) {
        RuleQuery query = rule.query();
        if (query != null && query.text() != null) {
            return Problem.at(query.text(), 0, message);
        }
        return new Problem(rule.file(), 1, 1, message, null, 0);
    }

    private static String describe(Throwable e) {
        return e instanceof StackOverflowError
                ? "it nests too deeply"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** Runs one compilation, adding its problems to {@code problems} instead of stopping at the first stage. */
    static <T> T collect(List<Problem> problems, Supplier<T> compilation) {
        try {
            return compilation.get();
        } catch (QueryException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** A cheap first test for sequence and sample rules: the event can take part only if it passes a stage. */
    private static EventPredicate anyStage(List<EventPredicate> stages) {
        EventPredicate[] all = stages.toArray(EventPredicate[]::new);
        return event -> {
            for (EventPredicate stage : all) {
                if (stage.matches(event)) {
                    return true;
                }
            }
            return false;
        };
    }

    EqlOptions eqlOptions(Rule rule) {
        return eqlOptions(rule, schema);
    }

    public static EqlOptions eqlOptions(Rule rule, Schema schema) {
        EqlOptions options = EqlOptions.defaults().withSchema(schema);
        RuleQuery query = rule.query();
        if (query.eventCategoryOverride() != null) {
            options = options.withEventCategoryField(query.eventCategoryOverride());
        }
        String timestamp = query.timestampField() != null
                ? query.timestampField()
                : rule.alert().timestampOverride();
        if (timestamp != null) {
            options = options.withTimestampField(timestamp);
        }
        if (query.tiebreakerField() != null) {
            options = options.withTiebreakerField(query.tiebreakerField());
        }
        return options;
    }

    /**
     * The problems of the queries of a {@link io.verdict.rule.RuleLoad#draft() draft}: a file with errors elsewhere
     * still has its queries checked, so one run reports all its problems. What the missing or wrong parts of the
     * draft break beyond its queries is left out; those parts have problems of their own already.
     */
    public List<Problem> draftProblems(Rule draft) {
        if (draft.type() == null || draft.query() == null) {
            return List.of();
        }
        CompiledRule compiled = compile(draft);
        if (compiled.coverage() != Coverage.QUERY_ERROR) {
            return List.of();
        }
        return compiled.problems().stream()
                .filter(p -> !p.message().startsWith(CANNOT_COMPILE))
                .toList();
    }

    /** The problems of every rule whose query did not compile, for the rule errors list. */
    public static List<Problem> queryProblems(Detector detector) {
        return detector.rules().stream().flatMap(r -> r.problems().stream()).toList();
    }

    /** The warnings of every rule's query (a clause that can never match), for the rule warnings list. */
    public static List<Problem> queryWarnings(Detector detector) {
        return detector.rules().stream().flatMap(r -> r.warnings().stream()).toList();
    }
}
