package io.verdict.rule;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A detection rule as written in the Elastic detection-rules TOML format, immutable.
 *
 * @param query     what the rule searches; null for machine-learning rules
 * @param typeBlock the settings of threshold, new_terms, threat_match and machine_learning rules; null otherwise
 * @param extra     keys the schema does not know, kept as written (their names were reported as warnings)
 * @param file      where the rule was read from, as shown in problems
 */
public record Rule(
        String ruleId,
        String name,
        String description,
        RuleType type,
        Severity severity,
        int riskScore,
        RuleQuery query,
        List<String> author,
        String license,
        List<String> tags,
        List<String> references,
        List<String> falsePositives,
        String note,
        String setup,
        Transform transform,
        List<Threat> threat,
        AlertSettings alert,
        Schedule schedule,
        TypeBlock typeBlock,
        RuleMetadata metadata,
        Map<String, Object> extra,
        String file) {

    public Rule {
        author = List.copyOf(author);
        tags = List.copyOf(tags);
        references = List.copyOf(references);
        falsePositives = List.copyOf(falsePositives);
        threat = List.copyOf(threat);
        extra = Map.copyOf(extra);
    }

    public Optional<Language> language() {
        return query == null ? Optional.empty() : Optional.ofNullable(query.language());
    }

    public <T extends TypeBlock> Optional<T> typeBlock(Class<T> kind) {
        return kind.isInstance(typeBlock) ? Optional.of(kind.cast(typeBlock)) : Optional.empty();
    }
}
