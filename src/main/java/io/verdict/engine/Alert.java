package io.verdict.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.verdict.engine.state.ThresholdResult;
import io.verdict.event.Event;
import io.verdict.rule.Threat;
import java.util.List;
import java.util.Map;
import tools.jackson.core.SerializableString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * One rule matching one event: what a SOAR playbook needs to act without another lookup.
 *
 * @param id        stable for the same rule, event and group (see {@link AlertId})
 * @param severity  after the rule's severity mappings
 * @param riskScore after the rule's risk-score mapping
 * @param note      the investigation guide, placeholders rendered and {@code {{field}}} filled from the event
 * @param tactics   the ATT&CK tactic ids of {@code threat}, flat
 * @param techniques the ATT&CK technique and subtechnique ids of {@code threat}, flat
 * @param reason    Kibana's reason sentence
 * @param timestamp the event's {@code @timestamp} as written (null when it has none)
 * @param evidence  field name to value(s) for the fields the query references and the rule's investigation
 *                  fields, where the event has them; a single value as itself, several as an array
 * @param entities  the event's entity fields, where it has them: {@code host.name}, {@code host.id},
 *                  {@code user.name}, {@code user.id}, {@code source.ip}, {@code destination.ip},
 *                  {@code process.entity_id}, {@code process.name}, {@code file.path} (first value each)
 * @param event     the event itself when asked for
 * @param thresholdResult for a threshold rule: the group, its distinct counts, the count and the window start
 * @param newTerms  for a new_terms rule: the combination of values not seen within the history window
 * @param sequence  for an EQL sequence or sample rule: its group, the alert's place in it, the join keys
 * @param threatEnrichments for an indicator match rule: one enrichment per matching indicator and event field, as
 *                  Kibana's {@code threat.enrichments} ({@code indicator}, {@code feed}, {@code matched.atomic},
 *                  {@code matched.field}, {@code matched.id}, {@code matched.index}, {@code matched.type})
 * @param quotedNote the note escaped as a JSON string once per rule, when it is the same for all the rule's alerts
 *                  (null otherwise); not a property of its own: {@link QuotedNoteSerializer} writes {@code note} from
 *                  it, because escaping kilobytes of Markdown for every alert was most of the time spent writing a
 *                  batch's answer (JFR)
 */
public record Alert(
        AlertId id,
        AlertRule rule,
        String severity,
        int riskScore,
        List<Threat> threat,
        List<String> tactics,
        List<String> techniques,
        @JsonSerialize(using = QuotedNoteSerializer.class) String note,
        String setup,
        String reason,
        String timestamp,
        Map<String, JsonNode> evidence,
        Map<String, JsonNode> entities,
        JsonNode event,
        ThresholdResult thresholdResult,
        List<String> newTerms,
        SequenceInfo sequence,
        List<Map<String, Object>> threatEnrichments,
        @JsonIgnore SerializableString quotedNote) {

    /** The same alert with what a stateful rule adds to it; a threshold alert is one per group. */
    Alert with(ThresholdResult result, List<String> terms) {
        String group = result != null ? "threshold:" + result.terms() : terms != null ? "new_terms:" + terms : null;
        return new Alert(
                id.in(group),
                rule,
                severity,
                riskScore,
                threat,
                tactics,
                techniques,
                note,
                setup,
                reason,
                timestamp,
                evidence,
                entities,
                event,
                result,
                terms,
                sequence,
                threatEnrichments,
                quotedNote);
    }

    /** The same alert with an ES|QL row's columns as its evidence, in {@code group} (null: the event's own). */
    Alert withEvidence(Map<String, JsonNode> columns, String group) {
        return new Alert(
                group == null ? id : id.in(group),
                rule,
                severity,
                riskScore,
                threat,
                tactics,
                techniques,
                note,
                setup,
                reason,
                timestamp,
                columns,
                entities,
                event,
                thresholdResult,
                newTerms,
                sequence,
                threatEnrichments,
                quotedNote);
    }

    /** The same alert with the enrichments of the indicators that matched its event. */
    Alert withThreatEnrichments(List<Map<String, Object>> enrichments) {
        return new Alert(
                id,
                rule,
                severity,
                riskScore,
                threat,
                tactics,
                techniques,
                note,
                setup,
                reason,
                timestamp,
                evidence,
                entities,
                event,
                thresholdResult,
                newTerms,
                sequence,
                List.copyOf(enrichments),
                quotedNote);
    }

    /** The same alert as part of a sequence; a building block when it stands for one matched event. */
    Alert in(SequenceInfo info, boolean buildingBlock) {
        AlertRule about = new AlertRule(
                rule.ruleId(),
                rule.name(),
                rule.description(),
                rule.type(),
                rule.language(),
                rule.tags(),
                rule.references(),
                rule.author(),
                rule.buildingBlock() || buildingBlock);
        String group = "sequence:" + info.groupId() + ":" + (info.index() == null ? "" : info.index());
        return new Alert(
                id.in(group),
                about,
                severity,
                riskScore,
                threat,
                tactics,
                techniques,
                note,
                setup,
                reason,
                timestamp,
                evidence,
                entities,
                event,
                thresholdResult,
                newTerms,
                info,
                threatEnrichments,
                quotedNote);
    }

    /**
     * The event the alert was built from (the one its id is derived from), not written: a Kibana document is built
     * from it (each building block of a sequence from its own event), not from the event that was posted.
     */
    @JsonIgnore
    public Event source() {
        return id.event();
    }

    /**
     * The rule part of an alert.
     *
     * @param name the rule name, or the value of its rule_name_override field
     */
    public record AlertRule(
            String ruleId,
            String name,
            String description,
            String type,
            String language,
            List<String> tags,
            List<String> references,
            List<String> author,
            boolean buildingBlock) {}
}
