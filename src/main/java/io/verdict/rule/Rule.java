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
 * @param revision  how many times the rule was changed through Verdict, from 1 ({@code [verdict] revision})
 * @param exceptions Kibana exception items that suppress its alerts ({@code [[verdict.exceptions]]})
 * @param kibanaId  the saved-object id Kibana gave the rule, for a rule imported from Kibana ({@code [kibana] id});
 *                  null otherwise
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
        String file,
        int revision,
        List<ExceptionItem> exceptions,
        String kibanaId) {

    /** A rule as read from a file that names no revision and holds no exceptions. */
    public Rule(
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
        this(
                ruleId,
                name,
                description,
                type,
                severity,
                riskScore,
                query,
                author,
                license,
                tags,
                references,
                falsePositives,
                note,
                setup,
                transform,
                threat,
                alert,
                schedule,
                typeBlock,
                metadata,
                extra,
                file,
                1,
                List.of(),
                null);
    }

    public Rule {
        exceptions = List.copyOf(exceptions);
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

    /** The same rule at another revision, with other exceptions, or read from another file. */
    public Rule with(int revision, List<ExceptionItem> exceptions, String file) {
        return new Rule(
                ruleId,
                name,
                description,
                type,
                severity,
                riskScore,
                query,
                author,
                license,
                tags,
                references,
                falsePositives,
                note,
                setup,
                transform,
                threat,
                alert,
                schedule,
                typeBlock,
                metadata,
                extra,
                file,
                revision,
                exceptions,
                kibanaId);
    }

    /** The same rule as imported from Kibana under the saved-object id {@code id}. */
    public Rule withKibanaId(String id) {
        return new Rule(
                ruleId,
                name,
                description,
                type,
                severity,
                riskScore,
                query,
                author,
                license,
                tags,
                references,
                falsePositives,
                note,
                setup,
                transform,
                threat,
                alert,
                schedule,
                typeBlock,
                metadata,
                extra,
                file,
                revision,
                exceptions,
                id);
    }

    public <T extends TypeBlock> Optional<T> typeBlock(Class<T> kind) {
        return kind.isInstance(typeBlock) ? Optional.of(kind.cast(typeBlock)) : Optional.empty();
    }
}
