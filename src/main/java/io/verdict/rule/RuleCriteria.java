package io.verdict.rule;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * What to look for among the loaded rules; every criterion left null matches all. Text compares ignore case.
 *
 * @param tactic    an ATT&CK tactic id ({@code TA0010}) or name ({@code Exfiltration})
 * @param technique a technique ({@code T1567}) or subtechnique ({@code T1567.002}) id
 * @param text      a part of the rule's name
 */
public record RuleCriteria(
        RuleType type, Language language, Severity severity, String tag, String tactic, String technique, String text)
        implements Predicate<Rule> {

    public static final RuleCriteria ALL = new RuleCriteria(null, null, null, null, null, null, null);

    @Override
    public boolean test(Rule rule) {
        return (type == null || rule.type() == type)
                && (language == null || rule.language().filter(language::equals).isPresent())
                && (severity == null || rule.severity() == severity)
                && (tag == null || rule.tags().stream().anyMatch(tag::equalsIgnoreCase))
                && (tactic == null || hasTactic(rule))
                && (technique == null || hasTechnique(rule))
                && (text == null || rule.name().toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT)));
    }

    private boolean hasTactic(Rule rule) {
        return rule.threat().stream()
                .map(Threat::tactic)
                .anyMatch(t -> t != null && (tactic.equalsIgnoreCase(t.id()) || tactic.equalsIgnoreCase(t.name())));
    }

    private boolean hasTechnique(Rule rule) {
        return rule.threat().stream()
                .flatMap(t -> t.technique().stream())
                .anyMatch(t -> technique.equalsIgnoreCase(t.id())
                        || t.subtechnique().stream().anyMatch(s -> technique.equalsIgnoreCase(s.id())));
    }
}
