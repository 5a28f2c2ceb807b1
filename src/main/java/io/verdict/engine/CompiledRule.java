package io.verdict.engine;

import io.verdict.engine.threat.ThreatRule;
import io.verdict.eql.CompiledEql;
import io.verdict.esql.CompiledEsql;
import io.verdict.event.EventPredicate;
import io.verdict.event.FieldPath;
import io.verdict.query.Problem;
import io.verdict.rule.Rule;
import java.util.List;

/**
 * A rule ready to decide events: its query and Kibana filters compiled into one matcher, its index patterns,
 * the fields whose values are shown as evidence, and its per-event overrides. Immutable and thread-safe.
 *
 * @param matcher  query AND filters; null unless the rule is evaluated (alone or with state), or
 *                 {@link Coverage#DISABLED} for a rule that would otherwise be evaluated
 * @param problems why the query did not compile, when {@code coverage} is {@link Coverage#QUERY_ERROR}
 * @param warnings what compiles but cannot be meant: a clause on a field no document can hold, a field no known
 *                 field set has ({@link UnknownFields})
 * @param requirements what an event must hold for the rule to care about it, as alternatives: the event meets
 *                 every requirement (cheapest first) of at least one of them. One for a single-event query, one per
 *                 stage for a sequence or sample (see {@link RequiredLiterals}); empty when nothing is known, and
 *                 the rule is then tried on every event
 * @param esql     for an ES|QL rule, its compiled query (the matcher is then its leading filter); else null
 * @param threat   for an indicator match rule, its indicator side (the matcher is then the event side: query,
 *                 filters and exceptions); else null
 * @param eql      for an EQL rule, its compiled query, which the trackers of sequences and samples start from;
 *                 else null
 */
public record CompiledRule(
        Rule rule,
        Coverage coverage,
        EventPredicate matcher,
        List<FieldPath> evidence,
        IndexPatterns index,
        AlertOverrides overrides,
        List<Problem> problems,
        List<List<Requirement>> requirements,
        List<Problem> warnings,
        CompiledEsql esql,
        ThreatRule threat,
        CompiledEql eql) {

    public CompiledRule {
        evidence = List.copyOf(evidence);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
        requirements = requirements.stream().map(List::copyOf).toList();
        boolean decides = coverage.evaluated() || coverage.stateful();
        if (decides && matcher == null || matcher != null && !decides && coverage != Coverage.DISABLED) {
            throw new IllegalArgumentException("an evaluated rule has a matcher, a skipped one has none");
        }
    }

    /** A rule that is not EQL. */
    public CompiledRule(
            Rule rule,
            Coverage coverage,
            EventPredicate matcher,
            List<FieldPath> evidence,
            IndexPatterns index,
            AlertOverrides overrides,
            List<Problem> problems,
            List<List<Requirement>> requirements,
            List<Problem> warnings,
            CompiledEsql esql,
            ThreatRule threat) {
        this(rule, coverage, matcher, evidence, index, overrides, problems, requirements, warnings, esql, threat, null);
    }

    /** A rule that is not an indicator match rule. */
    public CompiledRule(
            Rule rule,
            Coverage coverage,
            EventPredicate matcher,
            List<FieldPath> evidence,
            IndexPatterns index,
            AlertOverrides overrides,
            List<Problem> problems,
            List<List<Requirement>> requirements,
            List<Problem> warnings,
            CompiledEsql esql) {
        this(rule, coverage, matcher, evidence, index, overrides, problems, requirements, warnings, esql, null);
    }

    /** A rule that is not ES|QL. */
    public CompiledRule(
            Rule rule,
            Coverage coverage,
            EventPredicate matcher,
            List<FieldPath> evidence,
            IndexPatterns index,
            AlertOverrides overrides,
            List<Problem> problems,
            List<List<Requirement>> requirements,
            List<Problem> warnings) {
        this(rule, coverage, matcher, evidence, index, overrides, problems, requirements, warnings, null);
    }

    /** A rule with nothing known of what its matcher requires. */
    public CompiledRule(
            Rule rule,
            Coverage coverage,
            EventPredicate matcher,
            List<FieldPath> evidence,
            IndexPatterns index,
            AlertOverrides overrides,
            List<Problem> problems) {
        this(rule, coverage, matcher, evidence, index, overrides, problems, List.of(), List.of());
    }

    /** A rule that is not evaluated event by event, for the stated reason. */
    static CompiledRule skipped(Rule rule, Coverage coverage, List<Problem> problems) {
        return new CompiledRule(rule, coverage, null, List.of(), IndexPatterns.ANY, null, problems);
    }

    /** The same rule, switched off by its {@code enabled = false}; it keeps its matcher for explicit selection. */
    CompiledRule disabled() {
        return new CompiledRule(
                rule,
                Coverage.DISABLED,
                matcher,
                evidence,
                index,
                overrides,
                problems,
                requirements,
                warnings,
                esql,
                threat,
                eql);
    }

    /** Whether a request can run it: evaluated rules always, disabled ones when named by rule_id. */
    boolean runnable(Selection selection) {
        return coverage.evaluated()
                || coverage == Coverage.DISABLED
                        && matcher != null
                        && selection.ruleIds().contains(rule.ruleId());
    }

    public String ruleId() {
        return rule.ruleId();
    }
}
