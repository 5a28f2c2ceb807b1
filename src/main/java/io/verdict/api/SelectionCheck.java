package io.verdict.api;

import io.verdict.engine.CompiledRule;
import io.verdict.engine.Detector;
import io.verdict.engine.Plan;
import io.verdict.engine.Selection;
import io.verdict.rule.RuleType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses a rule selection that names a rule id, tag or type no loaded rule has, or that selects no rule: a
 * typo in {@code rule_id} must not read as "this event matches nothing". Run when a plan is made, not per event.
 * Thread-safe.
 */
final class SelectionCheck {

    static final List<String> TYPES =
            Arrays.stream(RuleType.values()).map(RuleType::id).toList();

    /** The tags of one rule set, lower-cased, made when a selection by tag first needs them. */
    private record Tags(Detector detector, Set<String> tags) {}

    private volatile Tags tags = new Tags(null, Set.of());

    /** Throws {@link UnknownSelectionException} unless every value of {@code selection} is known and it selects a rule. */
    void check(Detector detector, Selection selection, Plan plan) {
        if (selection.all()) {
            return;
        }
        Map<String, List<String>> unknown = new LinkedHashMap<>();
        List<String> ids = selection.ruleIds().stream()
                .filter(id -> detector.find(id).isEmpty())
                .sorted()
                .toList();
        if (!ids.isEmpty()) {
            unknown.put("rule_id", ids);
        }
        if (!selection.tags().isEmpty()) {
            Set<String> known = tags(detector);
            List<String> missing = selection.tags().stream()
                    .filter(t -> !known.contains(t))
                    .sorted()
                    .toList();
            if (!missing.isEmpty()) {
                unknown.put("tag", missing);
            }
        }
        List<String> types = selection.types().stream()
                .filter(t -> !TYPES.contains(t))
                .sorted()
                .toList();
        if (!types.isEmpty()) {
            unknown.put("type", types);
        }
        if (!unknown.isEmpty()) {
            throw new UnknownSelectionException(describe(unknown), unknown, TYPES);
        }
        if (plan.selected() == 0) {
            throw new UnknownSelectionException(
                    "No loaded rule matches rule_id, tag and type together (" + given(selection)
                            + "): each value names a rule, but no rule has them all.",
                    Map.of(),
                    TYPES);
        }
    }

    private Set<String> tags(Detector detector) {
        Tags current = tags;
        if (current.detector() != detector) {
            current = new Tags(
                    detector,
                    detector.rules().stream()
                            .map(CompiledRule::rule)
                            .flatMap(r -> r.tags().stream())
                            .map(t -> t.toLowerCase(Locale.ROOT))
                            .collect(Collectors.toUnmodifiableSet()));
            tags = current;
        }
        return current.tags();
    }

    private static String describe(Map<String, List<String>> unknown) {
        StringBuilder detail = new StringBuilder("The rule selection names what no loaded rule has:");
        unknown.forEach((parameter, values) -> detail.append(' ')
                .append(parameter)
                .append(' ')
                .append(values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", ")))
                .append(';'));
        detail.setLength(detail.length() - 1);
        detail.append('.');
        if (unknown.containsKey("type")) {
            detail.append(" A type is one of ").append(String.join(", ", TYPES)).append('.');
        }
        return detail.toString();
    }

    private static String given(Selection selection) {
        return Map.of("rule_id", selection.ruleIds(), "tag", selection.tags(), "type", selection.types())
                .entrySet()
                .stream()
                .filter(e -> !e.getValue().isEmpty())
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue().stream().sorted().collect(Collectors.joining(",")))
                .collect(Collectors.joining(", "));
    }
}
