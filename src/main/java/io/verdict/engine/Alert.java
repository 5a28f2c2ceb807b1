package io.verdict.engine;

import java.util.List;
import java.util.Map;

import io.verdict.rule.Threat;
import tools.jackson.databind.JsonNode;

/**
 * One rule matching one event: what a SOAR playbook needs to act without another lookup.
 *
 * @param severity  after the rule's severity mappings
 * @param riskScore after the rule's risk-score mapping
 * @param note      the investigation guide, placeholders rendered and {@code {{field}}} filled from the event
 * @param reason    Kibana's reason sentence
 * @param timestamp the event's {@code @timestamp} as written (null when it has none)
 * @param evidence  field name to value(s) for the fields the query references and the rule's investigation
 *                  fields, where the event has them; a single value as itself, several as an array
 * @param event     the event itself when asked for
 */
public record Alert(
        AlertRule rule,
        String severity,
        int riskScore,
        List<Threat> threat,
        String note,
        String setup,
        String reason,
        String timestamp,
        Map<String, JsonNode> evidence,
        JsonNode event) {

    /**
     * The rule part of an alert.
     *
     * @param name the rule name, or the value of its rule_name_override field
     */
    public record AlertRule(String ruleId, String name, String description, String type, String language,
                            List<String> tags, List<String> references, List<String> author, boolean buildingBlock) {
    }
}
