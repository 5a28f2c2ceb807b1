package io.verdict.api;

import io.swagger.v3.oas.annotations.media.Schema;
import io.verdict.rule.Rule;
import io.verdict.rule.Threat;
import java.util.List;

/** One line of the rule list. */
@Schema(description = "A rule in brief; GET /api/v1/rules/{rule_id} has the whole rule")
record RuleSummary(
        @Schema(example = "03af6f85-dce1-481e-9437-ac6e5796a2ca")
        String ruleId,

        @Schema(example = "Data Exfiltration with Rclone") String name,
        @Schema(example = "eql") String type,
        @Schema(example = "eql") String language,
        @Schema(example = "medium") String severity,
        @Schema(example = "47") int riskScore,
        List<String> tags,
        @Schema(example = "[\"TA0010\", \"TA0005\"]") List<String> tactics,

        @Schema(example = "[\"T1048\", \"T1567\", \"T1567.002\"]")
        List<String> techniques,

        boolean buildingBlock,

        @Schema(example = "rules/exfiltration/rclone_data_exfiltration.toml")
        String file) {

    static RuleSummary of(Rule rule) {
        List<String> tactics = rule.threat().stream()
                .map(Threat::tactic)
                .filter(t -> t != null && t.id() != null)
                .map(t -> t.id())
                .distinct()
                .toList();
        List<String> techniques = rule.threat().stream()
                .flatMap(t -> t.technique().stream())
                .flatMap(t -> java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(t.id()),
                        t.subtechnique().stream().map(s -> s.id())))
                .distinct()
                .toList();
        return new RuleSummary(
                rule.ruleId(),
                rule.name(),
                rule.type().id(),
                rule.language().map(l -> l.id()).orElse(null),
                rule.severity().id(),
                rule.riskScore(),
                rule.tags(),
                tactics,
                techniques,
                rule.alert().buildingBlock(),
                rule.file());
    }
}
